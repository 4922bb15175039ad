package io.expoleads.platform.privacy;

import io.expoleads.platform.kafka.RejectedEventException;

/**
 * A sealed part that does not open under its visitor's key: tampered with, or made for another
 * visitor. The record can never be processed, so it goes to its dead-letter topic at once.
 */
public class SealRefusedException extends RejectedEventException {

    public SealRefusedException(String reason) {
        super(reason);
    }
}
