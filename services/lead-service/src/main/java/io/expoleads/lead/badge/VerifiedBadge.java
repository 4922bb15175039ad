package io.expoleads.lead.badge;

/** A badge payload whose signature, edition and number passed every check of {@link Badges#verify}. */
public record VerifiedBadge(String editionId, String attendeeId, String keyId, long badgeNumber) {
}
