package org.sscard.registration;

import org.sscard.infra.DevTokens;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The people of the tests: each applicant subject is one person with one verified ID number (the token claim
 * {@code id_number}), drawn the first time the subject is named. Access follows that number.
 */
final class People {
    private static final Map<String, String> IDS = new ConcurrentHashMap<>();

    /** The verified ID number of {@code subject}. */
    static String idOf(String subject) {
        return IDS.computeIfAbsent(subject, s -> TestIds.next());
    }

    /** An applicant token of {@code subject}, verified as {@link #idOf}. */
    static String applicant(String subject) {
        return DevTokens.tokenWithIdNumber("applicant", subject, idOf(subject));
    }

    /** An applicant token verified as {@code idNumber}. */
    static String applicant(String subject, String idNumber) {
        return DevTokens.tokenWithIdNumber("applicant", subject, idNumber);
    }

    private People() {
    }
}
