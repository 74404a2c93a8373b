package org.sscard.cardproduction.security;

/**
 * Checks the proof that a real-name and face check of a person was passed. The front end runs the check with the
 * face-verification provider, which answers with a signed verdict; the front end only carries it here. Nothing the
 * client merely asserts (a flag, a reference) counts as a check.
 */
public interface FaceVerifier {
    /**
     * The verified facts of {@code evidence}, if it is a genuine, fresh verdict that {@code idNumber}'s holder passed.
     *
     * @throws FaceCheckRefused with the reason, otherwise
     */
    Verdict verify(String evidence, String idNumber);

    /** A verdict that proves the check: the provider's id of the check, and its single-use nonce. */
    record Verdict(String checkId, String nonce) {
    }

    /** Why a verdict does not prove the check; {@code code} is the stable problem code. */
    class FaceCheckRefused extends RuntimeException {
        private final String code;

        public FaceCheckRefused(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
