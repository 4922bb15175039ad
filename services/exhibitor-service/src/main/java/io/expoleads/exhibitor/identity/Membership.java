package io.expoleads.exhibitor.identity;

/**
 * Whether an account still has its place at its exhibitor: a staff member not revoked, a booth
 * device not revoked. Checked when a session is refreshed, so a revoked member's phone stops
 * getting tokens even if it kept a refresh token.
 */
public interface Membership {

    boolean holdsPlace(Account account);
}
