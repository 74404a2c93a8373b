package org.sscard.review.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.sscard.events.Payloads;

import java.time.Instant;

/** One entry of the reason catalogue: a stable code and the words the applicant reads. */
@Entity
@Table(name = "reason")
public class Reason {
    @Id
    public String code;
    public String zh;
    public String en;
    /** A retired reason stays readable on old decisions but cannot be chosen any more. */
    public boolean active;
    /** Given by automated checks: its words may change, it cannot be retired. */
    @Column(name = "built_in")
    public boolean builtIn;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "updated_by")
    public String updatedBy;

    public Payloads.Reason words() {
        return new Payloads.Reason(code, zh, en);
    }
}
