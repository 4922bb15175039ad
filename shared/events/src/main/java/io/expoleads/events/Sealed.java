package io.expoleads.events;

/**
 * The personal part of an event, encrypted under the visitor's own data key (crypto-shredding):
 * once erasure destroys that key, every copy of the record, on any topic, DLT or backup, is
 * unreadable.
 *
 * @param keyId      the visitor's key: their attendeeId, also the associated data of the encryption
 * @param ciphertext base64 of the AEAD output (Tink, AES-256-GCM) over the JSON of the personal part
 */
public record Sealed(String keyId, String ciphertext) {

    public Sealed {
        Contract.requireText(keyId, "keyId");
        Contract.requireText(ciphertext, "ciphertext");
    }
}
