package org.sscard.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * Payload records, one per event type. Personal data travels only where a consumer needs it, and encrypted:
 * the full ID number and name go to review and card production (they check and print them), the phone and e-mail
 * to notification, each as a field ciphertext (platform FieldCipher); every other event carries the masked ID
 * number only.
 */
public final class Payloads {

    /** Registration accepted a submitted application. Consumed by review (opens a task) and notification. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ApplicationSubmitted(String applicationId, String applicantId, String category, String channel,
                                       String name, String idNumber, String maskedIdNumber, String phone,
                                       String outletCode, String regionCode, String language, String employerId,
                                       String preferredChannel, String email, List<MaterialInfo> materials,
                                       String rosterId, Boolean lateRegistration, Boolean employerRegistered,
                                       List<String> holderKeys, List<CheckOutcome> checks) {
        /**
         * Without registration's checks: {@code checks} are the rules registration owns, as it found them when it
         * announced the application (see {@link CheckOutcome}). Null means "not told" (an event published before).
         */
        public ApplicationSubmitted(String applicationId, String applicantId, String category, String channel,
                                    String name, String idNumber, String maskedIdNumber, String phone,
                                    String outletCode, String regionCode, String language, String employerId,
                                    String preferredChannel, String email, List<MaterialInfo> materials,
                                    String rosterId, Boolean lateRegistration, Boolean employerRegistered,
                                    List<String> holderKeys) {
            this(applicationId, applicantId, category, channel, name, idNumber, maskedIdNumber, phone, outletCode,
                    regionCode, language, employerId, preferredChannel, email, materials, rosterId, lateRegistration,
                    employerRegistered, holderKeys, null);
        }

        /**
         * Without the holder keys: {@code holderKeys} are the keyed blind indexes (platform BlindIndex) of the
         * people who hold the application, the person and a child's guardian, so that a consumer can match a
         * verified identity without the guardian's number on the bus. Null means "not told".
         */
        public ApplicationSubmitted(String applicationId, String applicantId, String category, String channel,
                                    String name, String idNumber, String maskedIdNumber, String phone,
                                    String outletCode, String regionCode, String language, String employerId,
                                    String preferredChannel, String email, List<MaterialInfo> materials,
                                    String rosterId, Boolean lateRegistration, Boolean employerRegistered) {
            this(applicationId, applicantId, category, channel, name, idNumber, maskedIdNumber, phone, outletCode,
                    regionCode, language, employerId, preferredChannel, email, materials, rosterId, lateRegistration,
                    employerRegistered, null, null);
        }

        /**
         * Without materials, roster and employer facts (as first published); {@code materials} null means "not
         * told", and {@code employerRegistered} says whether the employer named is in registration's registry.
         */
        public ApplicationSubmitted(String applicationId, String applicantId, String category, String channel,
                                    String name, String idNumber, String maskedIdNumber, String phone,
                                    String outletCode, String regionCode, String language, String employerId,
                                    String preferredChannel, String email) {
            this(applicationId, applicantId, category, channel, name, idNumber, maskedIdNumber, phone, outletCode,
                    regionCode, language, employerId, preferredChannel, email, null, null, null, null, null, null);
        }

        /** Without employer, preferred channel and e-mail (schema version 1 as first published). */
        public ApplicationSubmitted(String applicationId, String applicantId, String category, String channel,
                                    String name, String idNumber, String maskedIdNumber, String phone,
                                    String outletCode, String regionCode, String language) {
            this(applicationId, applicantId, category, channel, name, idNumber, maskedIdNumber, phone, outletCode,
                    regionCode, language, null, null, null, null, null, null, null, null, null);
        }
    }

    /**
     * What is known about one attached material; never its content (materials are personal data and stay in the
     * registration service). Width, height, bit depth and dpi are set for JPEG images.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MaterialInfo(String kind, String contentType, long sizeBytes, String sha256, Integer width,
                               Integer height, Integer bitDepth, Integer dpi) {
    }

    /** The applicant (or a clerk) withdrew the application before production started. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ApplicationWithdrawn(String applicationId, String applicantId, String maskedIdNumber, String withdrawnBy,
                                       String reason) {
    }

    /**
     * An employer's roster has been processed: what the employer is told in one summary rather than one message per
     * employee. {@code rejectedRowsPath} is the API path of the rejected-rows CSV on the registration service.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RosterProcessed(String rosterId, String employerId, String status, int totalRows, int accepted,
                                  int rejected, int alreadyRegistered, int late, String rejectedRowsPath,
                                  String failure) {
    }

    /** The applicant answered a supplement request; the case goes back to review. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SupplementProvided(String applicationId, String applicantId, String maskedIdNumber, String providedBy,
                                     String note, List<MaterialInfo> materials, List<CheckOutcome> checks) {
        /** Without registration's checks of the materials as they are now (null: not told). */
        public SupplementProvided(String applicationId, String applicantId, String maskedIdNumber, String providedBy,
                                  String note, List<MaterialInfo> materials) {
            this(applicationId, applicantId, maskedIdNumber, providedBy, note, materials, null);
        }

        /** Without the materials list (before materials were reported). */
        public SupplementProvided(String applicationId, String applicantId, String maskedIdNumber, String providedBy,
                                  String note) {
            this(applicationId, applicantId, maskedIdNumber, providedBy, note, null, null);
        }
    }

    /**
     * The applicant (or the employer, an intake clerk or an admin for them) changed how they are reached: the next
     * message goes to the new phone or e-mail, in the new language. {@code phone} and {@code email} are sealed like
     * ApplicationSubmitted's; {@code changed} names the fields that changed ({@code phone}, {@code email},
     * {@code language}, {@code preferredChannel}), and the others carry their value as it stands.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ContactChanged(String applicationId, String applicantId, String maskedIdNumber, String phone,
                                 String email, String language, String preferredChannel, List<String> changed,
                                 String changedBy) {
    }

    /**
     * One rule registration owns, as it found it for an application: registration checks the materials, the photo
     * and who may apply, and states the outcome here; review records it and decides what a failure means (reject,
     * or ask for a supplement) without checking again. {@code detail} says in words what was found.
     */
    public record CheckOutcome(String check, boolean passed, String detail) {
        /** Every required material is attached, for the category and age (MaterialKind). */
        public static final String MATERIALS_COMPLETE = "MATERIALS_COMPLETE";
        /** The photo meets the digital spec as configured when registration checked it. */
        public static final String PHOTO_SPEC = "PHOTO_SPEC";
        /** An applicant under the guardian age applies as CHILD, through a guardian. */
        public static final String MINOR_HAS_GUARDIAN_PATH = "MINOR_HAS_GUARDIAN_PATH";
    }

    /**
     * A reviewer (or policy) approved. Carries what card production needs to make the card; {@code name} and
     * {@code idNumber} are field ciphertexts. {@code holderKeys} are the blind indexes of who holds the card (the
     * person, and for a child the guardian), as registration stated them; null means "not told".
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ApplicationApproved(String applicationId, String reviewId, String applicantId, String category,
                                      String name, String idNumber, String maskedIdNumber, String outletCode,
                                      String regionCode, String decidedBy, String comment, String employerId,
                                      List<String> holderKeys, Boolean bulk) {
        /**
         * Without the lane: {@code bulk} is true for an application of the bulk lane (an employer's roster), whose
         * card events then travel on the bulk topics too ({@link Topics#lane}); null means interactive.
         */
        public ApplicationApproved(String applicationId, String reviewId, String applicantId, String category,
                                   String name, String idNumber, String maskedIdNumber, String outletCode,
                                   String regionCode, String decidedBy, String comment, String employerId,
                                   List<String> holderKeys) {
            this(applicationId, reviewId, applicantId, category, name, idNumber, maskedIdNumber, outletCode,
                    regionCode, decidedBy, comment, employerId, holderKeys, null);
        }

        /** Without the holder keys (as first published with an employer). */
        public ApplicationApproved(String applicationId, String reviewId, String applicantId, String category,
                                   String name, String idNumber, String maskedIdNumber, String outletCode,
                                   String regionCode, String decidedBy, String comment, String employerId) {
            this(applicationId, reviewId, applicantId, category, name, idNumber, maskedIdNumber, outletCode,
                    regionCode, decidedBy, comment, employerId, null, null);
        }

        /** Without an employer (schema version 1 as first published). */
        public ApplicationApproved(String applicationId, String reviewId, String applicantId, String category,
                                   String name, String idNumber, String maskedIdNumber, String outletCode,
                                   String regionCode, String decidedBy, String comment) {
            this(applicationId, reviewId, applicantId, category, name, idNumber, maskedIdNumber, outletCode,
                    regionCode, decidedBy, comment, null, null, null);
        }
    }

    /** One reason of a rejection or supplement request: a stable code and the words the applicant reads. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Reason(String code, String messageZh, String messageEn) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ApplicationRejected(String applicationId, String reviewId, String applicantId,
                                      String maskedIdNumber, List<Reason> reasons, String comment, String decidedBy) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SupplementRequested(String applicationId, String reviewId, String applicantId,
                                      String maskedIdNumber, List<Reason> reasons, String comment, String decidedBy,
                                      List<String> materials) {
        /** Without the material kinds asked for (as first published). */
        public SupplementRequested(String applicationId, String reviewId, String applicantId, String maskedIdNumber,
                                   List<Reason> reasons, String comment, String decidedBy) {
            this(applicationId, reviewId, applicantId, maskedIdNumber, reasons, comment, decidedBy, null);
        }
    }

    /** Card production assigned a card number and put the card into a print batch. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CardProductionStarted(String applicationId, String cardNumber, String applicantId,
                                        String maskedIdNumber, String outletCode, String batchId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CardPrinted(String applicationId, String cardNumber, String applicantId, String maskedIdNumber,
                              String batchId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CardReadyForCollection(String applicationId, String cardNumber, String applicantId,
                                         String maskedIdNumber, String outletCode) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CardCollected(String applicationId, String cardNumber, String applicantId, String maskedIdNumber,
                                String outletCode, String collectedBy) {
    }

    /**
     * Every change in a card's life after production (activation, PIN lock, loss, replacement, cancellation,
     * expiry, the electronic card). {@code reason}, {@code channel}, {@code until}, {@code relatedCardNumber}
     * and {@code fee} are set where the event type gives them meaning; {@code atOutlet} names the outlet whose clerk
     * made the change, when a clerk made it ({@code outletCode} is where the card is collected).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CardLifecycle(String applicationId, String cardNumber, String applicantId, String maskedIdNumber,
                                String outletCode, String previousStatus, String status, String reason,
                                String channel, String until, String relatedCardNumber, Integer fee, String atOutlet) {
        /** A change no clerk made. */
        public CardLifecycle(String applicationId, String cardNumber, String applicantId, String maskedIdNumber,
                             String outletCode, String previousStatus, String status, String reason,
                             String channel, String until, String relatedCardNumber, Integer fee) {
            this(applicationId, cardNumber, applicantId, maskedIdNumber, outletCode, previousStatus, status, reason,
                    channel, until, relatedCardNumber, fee, null);
        }
    }

    private Payloads() {
    }
}
