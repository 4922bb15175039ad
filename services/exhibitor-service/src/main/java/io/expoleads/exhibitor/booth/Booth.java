package io.expoleads.exhibitor.booth;

/**
 * A booth of an edition's floor plan.
 *
 * @param id          the edition id and the booth code, which names a booth once per edition
 * @param exhibitorId who holds it, or null while it is free
 */
public record Booth(String id, String editionId, String code, String hall, double areaSquareMetres, String category,
                    String exhibitorId) {

    static String idOf(String editionId, String code) {
        return editionId + "/" + code;
    }
}
