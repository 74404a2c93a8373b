package org.sscard.registration.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One change an administrator made to an outlet, kept for audit. */
@Entity
@Table(name = "outlet_change")
public class OutletChange {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String code;
    @Column(name = "changed_at")
    public Instant changedAt;
    @Column(name = "changed_by")
    public String changedBy;
    public String change;

    public static OutletChange of(String code, String change, String by, Instant at) {
        OutletChange c = new OutletChange();
        c.code = code;
        c.change = change;
        c.changedBy = by;
        c.changedAt = at;
        return c;
    }
}
