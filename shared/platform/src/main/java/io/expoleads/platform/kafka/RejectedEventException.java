package io.expoleads.platform.kafka;

/**
 * Thrown by a listener for a well-formed record it can never process: the record goes straight
 * to its dead-letter topic, with this message as the reason, without retries.
 */
public class RejectedEventException extends RuntimeException {

    public RejectedEventException(String reason) {
        super(reason);
    }
}
