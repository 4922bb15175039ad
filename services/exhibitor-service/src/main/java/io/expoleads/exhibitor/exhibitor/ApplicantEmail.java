package io.expoleads.exhibitor.exhibitor;

/**
 * An email the applicant is owed about their application, queued in the exhibitor's document
 * with the change that causes it and sent by {@code ApplicantMail}.
 *
 * @param emailId names the change that queued it (not {@code id}, which MongoDB mapping would turn into {@code _id})
 * @param kind    SUBMITTED, APPROVED or REJECTED
 * @param reason the rejection's reason, else null
 */
public record ApplicantEmail(String emailId, String kind, String to, String language, String companyName, String reason) {

    /** The document field holding the queue. */
    public static final String QUEUE = "mailbox";
}
