package io.expoleads.exhibitor.identity;

/** What an account may do; carried in the {@code roles} claim of its tokens. */
public enum Role {
    ORGANIZER, EXHIBITOR_ADMIN, STAFF, DEVICE
}
