package org.sscard.registration.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A collection outlet of the registry: where applicants collect their cards and clerks hand them over. Its code is
 * the issuing region (six digits), a hyphen and the outlet number; applications name it. A closed outlet takes no
 * new applications; the ones it has keep it.
 */
@Entity
@Table(name = "outlet")
public class Outlet {
    /** How an outlet code looks: the region code, a hyphen, the outlet number (e.g. 110105-001). */
    public static final String CODE_PATTERN = "^\\d{6}-[A-Z0-9]{1,10}$";

    @Id
    public String code;
    public String name;
    public String address;
    @Column(name = "region_code")
    public String regionCode;
    public String hours;
    public boolean open;
    @Column(name = "changed_at")
    public Instant changedAt;
    @Column(name = "changed_by")
    public String changedBy;

    /** What an administrator says about an outlet. */
    public record Details(String name, String address, String hours, boolean open) {
    }

    public static Outlet register(String code, Details d, String by, Instant at) {
        Outlet o = new Outlet();
        o.code = code;
        o.regionCode = code.substring(0, 6);
        o.name = d.name().trim();
        o.address = d.address().trim();
        o.hours = d.hours().trim();
        o.open = d.open();
        o.changedAt = at;
        o.changedBy = by;
        return o;
    }

    /** Applies an administrator's details; returns what changed, in words, empty when nothing did. */
    public List<String> change(Details d, String by, Instant at) {
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(name, d.name().trim())) {
            changed.add("name");
            name = d.name().trim();
        }
        if (!Objects.equals(address, d.address().trim())) {
            changed.add("address");
            address = d.address().trim();
        }
        if (!Objects.equals(hours, d.hours().trim())) {
            changed.add("hours");
            hours = d.hours().trim();
        }
        if (open != d.open()) {
            changed.add(d.open() ? "opened" : "closed");
            open = d.open();
        }
        if (!changed.isEmpty()) {
            changedAt = at;
            changedBy = by;
        }
        return changed;
    }
}
