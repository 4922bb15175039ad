package io.expoleads.exhibitor.exhibitor;

/** Within this service: an exhibitor withdrew, so what it held (its booth) can go to others. */
public record ExhibitorWithdrawn(String exhibitorId, String editionId) {
}
