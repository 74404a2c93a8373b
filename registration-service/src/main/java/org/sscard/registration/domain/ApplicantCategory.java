package org.sscard.registration.domain;

/** Who applies (docs/domain.md, section 1). */
public enum ApplicantCategory {
    EMPLOYEE, RESIDENT, INDIVIDUAL_BUSINESS, FLEXIBLE, JOB_SEEKER, STUDENT, CHILD, RETIREE, FOREIGNER,
    HK_MACAO_TAIWAN
}
