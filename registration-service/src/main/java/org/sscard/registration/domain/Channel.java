package org.sscard.registration.domain;

/** Through whom an application arrived. */
public enum Channel {
    ONLINE, COMMITTEE, AGENCY_WINDOW, EMPLOYMENT_SERVICE, EMPLOYER, SCHOOL
}
