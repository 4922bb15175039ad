package io.expoleads.exhibitor.exhibitor;

/** Every seat is taken by an active staff member. */
public class NoSeatLeftException extends RuntimeException {

    public NoSeatLeftException(int seats) {
        super("All " + seats + " seats are taken; revoke a staff member or ask the organizer for more seats");
    }
}
