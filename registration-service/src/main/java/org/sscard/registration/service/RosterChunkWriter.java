package org.sscard.registration.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.sscard.events.EventTypes;
import org.sscard.events.MaterialKind;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.platform.crypto.FieldCipher;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.platform.outbox.OutboxWriter;
import org.sscard.platform.persistence.PgCopy;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.problem.FieldError;
import org.sscard.platform.security.BlindIndex;
import org.sscard.platform.security.Caller;
import org.sscard.platform.text.ControlCharacters;
import org.sscard.registration.domain.ApplicantCategory;
import org.sscard.registration.domain.ApplicationForm;
import org.sscard.registration.domain.ApplicationStatus;
import org.sscard.registration.domain.Channel;
import org.sscard.registration.domain.Material;
import org.sscard.registration.domain.Roster;
import org.sscard.registration.files.CsvReader;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Registers one chunk of roster rows in one transaction: the accepted rows become SUBMITTED applications (written
 * with COPY) and their ApplicationSubmitted events (one bulk outbox row, see {@link OutboxWriter#publishAll}), the
 * rejected, duplicate and refused-photo rows become row results, and the chunk's row in roster_chunk (its mark and
 * its counts) goes in the same commit. A crash loses nothing and repeats nothing: the next worker skips the chunks
 * marked done. Chunks of one roster may be written side by side, by the worker holding the roster's lease only.
 */
@ApplicationScoped
public class RosterChunkWriter {
    /** Outcomes of a row that was not simply accepted. */
    static final String REJECTED = "REJECTED";
    static final String ALREADY_REGISTERED = "ALREADY_REGISTERED";
    static final String LATE = "LATE";
    /** What a LATE row's result says. */
    static final List<FieldError> LATE_ERRORS = List.of(new FieldError("hiredOn", "hired more than "
            + ApplicantRules.EMPLOYER_REGISTRATION_DAYS + " days ago: registered late (Social Insurance Law art. 58)"));
    static final String PHOTO_REFUSED = "PHOTO_REFUSED";

    /** A row read from the file: its number, the form (null when it could not be read) and the errors. */
    record ChunkRow(int number, List<String> raw, ApplicationForm request, List<FieldError> errors) {
    }

    private final EntityManager em;
    private final OutboxWriter outbox;
    private final MaterialService materials;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final MeterRegistry registry;
    private final BlindIndex index;
    private final FieldCipher cipher;
    private final SubmissionChecks checks;

    public RosterChunkWriter(EntityManager em, OutboxWriter outbox, MaterialService materials, ObjectMapper mapper,
                             Clock clock, MeterRegistry registry, BlindIndex index, FieldCipher cipher,
                             SubmissionChecks checks) {
        this.checks = checks;
        this.index = index;
        this.cipher = cipher;
        this.em = em;
        this.outbox = outbox;
        this.materials = materials;
        this.mapper = mapper;
        this.clock = clock;
        this.registry = registry;
    }

    /**
     * Writes one chunk for the worker holding the roster's lease ({@code leaseOwner}); refuses with
     * {@link RosterLeaseLost} when another worker has taken the roster over. The key-share lock taken on the roster
     * row for the check keeps a takeover ({@code for update}) out until this chunk has committed, and lets the lease's
     * heartbeat (an update of no key) through.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void write(UUID rosterId, UUID leaseOwner, int chunkIndex, List<ChunkRow> rows,
                      Function<String, byte[]> photoFor) {
        if (em.createNativeQuery("select 1 from roster where id = ?1 and lease_owner = ?2 for key share")
                .setParameter(1, rosterId).setParameter(2, leaseOwner).getResultList().isEmpty()) {
            throw new RosterLeaseLost(rosterId);
        }
        Roster roster = em.find(Roster.class, rosterId); // only its fixed fields are read
        Instant now = clock.instant();
        LocalDate today = LocalDate.now(clock);
        List<RowResult> results = new ArrayList<>();
        // by the blind index of the ID number, in row order, so applications are too
        Map<String, ChunkRow> candidates = new java.util.LinkedHashMap<>();
        for (ChunkRow row : rows) {
            String key = row.request() == null ? null : index.ofIdNumber(row.request().idNumber());
            if (row.request() == null) {
                results.add(result(roster, row, REJECTED, row.errors(), null));
            } else if (candidates.putIfAbsent(key, row) != null) {
                results.add(result(roster, row, ALREADY_REGISTERED, List.of(new FieldError("idNumber",
                        "appears twice in this roster (first at row " + candidates.get(key).number() + ")")), null));
            }
        }
        int late = 0;
        Map<String, OpenApplication> existing = openApplications(candidates.keySet());
        List<Accepted> accepted = new ArrayList<>();
        for (Map.Entry<String, ChunkRow> candidate : candidates.entrySet()) {
            ChunkRow row = candidate.getValue();
            OpenApplication found = existing.get(candidate.getKey());
            if (found != null) {
                boolean own = roster.employerId.equals(found.employerId());
                String message = roster.id.equals(found.rosterId())
                        ? "appears twice in this roster (first at row " + found.rosterRow() + ")"
                        : own ? "this person already has application " + found.id() + " (" + found.status() + ") from your unit"
                        : "this person already has an application in progress or a card; they can ask an outlet";
                results.add(result(roster, row, ALREADY_REGISTERED, List.of(new FieldError("idNumber", message)),
                        own ? found.id() : null));
                continue;
            }
            accepted.add(Accepted.of(row, candidate.getKey(), index.ofIdNumber(row.request().guardianIdNumber()), today));
        }
        PgCopy.copy(em, "application", ApplicationRow.class, accepted.stream()
                .map(a -> a.copyRow(roster, now, cipher)).toList());
        Map<UUID, List<Payloads.MaterialInfo>> attached = attachPhotos(roster, accepted, photoFor, results);
        int photos = (int) attached.values().stream().filter(l -> !l.isEmpty()).count();
        List<Map.Entry<String, Object>> payloads = new ArrayList<>(accepted.size());
        for (Accepted a : accepted) {
            payloads.add(new AbstractMap.SimpleEntry<>(a.id().toString(),
                    a.payload(roster, attached.getOrDefault(a.id(), List.of()), checks, cipher)));
            if (a.late()) {
                late++; // the row's LATE result is read from the application itself (RosterService.results)
            }
        }
        outbox.publishAll(Topics.lane(Topics.APPLICATIONS, true), EventTypes.APPLICATION_SUBMITTED, payloads);
        // No timeline rows here: the view derives a roster row's submission step from the application itself, which
        // spares 100,000 index insertions on a large roster.
        PgCopy.copy(em, "roster_row_result", RowResult.class, results);
        em.createNativeQuery("insert into roster_chunk (roster_id, chunk_index, rows_done, accepted, rejected, "
                        + "already_registered, late, photos_attached) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .setParameter(1, rosterId).setParameter(2, chunkIndex).setParameter(3, rows.size())
                .setParameter(4, accepted.size())
                .setParameter(5, (int) results.stream().filter(r -> REJECTED.equals(r.outcome())).count())
                .setParameter(6, (int) results.stream().filter(r -> ALREADY_REGISTERED.equals(r.outcome())).count())
                .setParameter(7, late).setParameter(8, photos).executeUpdate();
        accepted.stream().collect(java.util.stream.Collectors.groupingBy(a -> a.form().category().name() + "/"
                        + a.form().channel().name(),
                java.util.stream.Collectors.counting())).forEach((key, n) -> registry.counter(
                "sscard_applications_submitted_total", "category", key.split("/")[0], "channel", key.split("/")[1]).increment(n));
        registry.counter("sscard_roster_rows_total", "outcome", "ACCEPTED").increment(accepted.size());
        registry.counter("sscard_roster_rows_total", "outcome", "NOT_ACCEPTED").increment(rows.size() - accepted.size());
    }

    /** A row of table {@code application} as COPY writes it: one column per component (PgCopy). */
    record ApplicationRow(UUID id, ApplicationStatus status, ApplicantCategory category, Channel channel, String name,
                          String idNumber, String idNumberIndex, String phone, String outletCode, String regionCode,
                          String language, String preferredChannel, String email, String applicantId,
                          String employerId, String submittedBy, Instant createdAt, Instant updatedAt, int version,
                          String sex, LocalDate hiredOn, boolean lateRegistration, UUID rosterId, int rosterRow,
                          String guardianName, String guardianIdNumber, String guardianIdIndex) {
    }

    /** A row of table {@code roster_row_result}: a row not simply accepted, its errors as JSON, the raw line sealed. */
    record RowResult(UUID rosterId, int rowNumber, String outcome, String errors, String raw, UUID applicationId) {
    }

    /** An application (or card) a person already has, which a row for them would duplicate. */
    private record OpenApplication(UUID id, String employerId, String status, UUID rosterId, Integer rosterRow) {
    }

    /**
     * An accepted row as the application it becomes. A plain record: the bulk path copies it and never loads it, so
     * an entity's change tracking would only cost time (it showed in profiles of 100,000-row rosters).
     */
    record Accepted(UUID id, ChunkRow row, ApplicationForm form, String idNumberIndex, String guardianIdIndex,
                    boolean late) {
        static Accepted of(ChunkRow row, String idNumberIndex, String guardianIdIndex, LocalDate today) {
            return new Accepted(UUID.randomUUID(), row, row.request(), idNumberIndex, guardianIdIndex,
                    ApplicantRules.late(row.request().hiredOn(), today));
        }

        /** The people who hold the application: the person, and a minor's guardian from the roster's columns. */
        List<String> holderKeys() {
            return guardianIdIndex == null ? List.of(idNumberIndex) : List.of(idNumberIndex, guardianIdIndex);
        }

        /**
         * The row of table {@code application}: a SUBMITTED application of version 0, its personal fields sealed as
         * the entity's converters would seal them.
         */
        ApplicationRow copyRow(Roster roster, Instant now, FieldCipher cipher) {
            return new ApplicationRow(id, ApplicationStatus.SUBMITTED, form.category(), form.channel(),
                    cipher.encrypt(form.name()), cipher.encrypt(form.idNumber()), idNumberIndex,
                    cipher.encrypt(form.phone()), form.outletCode(), ApplicationService.regionCode(form),
                    ApplicationService.language(form), ApplicationService.preferredChannel(form),
                    cipher.encrypt(form.email()), form.applicantId(), roster.employerId, roster.uploadedBy, now, now, 0,
                    CitizenIdNumber.sex(form.idNumber()), form.hiredOn(), late, roster.id, row.number(),
                    cipher.encrypt(trimmed(form.guardianName())), cipher.encrypt(form.guardianIdNumber()),
                    guardianIdIndex);
        }

        private static String trimmed(String s) {
            return s == null ? null : s.trim();
        }

        Payloads.ApplicationSubmitted payload(Roster roster, List<Payloads.MaterialInfo> materials,
                                              SubmissionChecks checks, FieldCipher cipher) {
            // its holders: the person, and for a minor the guardian named in the row
            return ApplicationService.submittedPayload(id, form.applicantId(), form.category(), form.channel(),
                    form.name(), form.idNumber(), form.phone(), form.outletCode(), ApplicationService.regionCode(form),
                    ApplicationService.language(form), roster.employerId, ApplicationService.preferredChannel(form),
                    form.email(), materials, roster.id, late, true, holderKeys(),
                    checks.of(form.category().name(), form.idNumber(), materials), cipher);
        }
    }

    /** Photos from the roster's ZIP, named by ID number; a refused photo is reported and the row still accepted. */
    private Map<UUID, List<Payloads.MaterialInfo>> attachPhotos(Roster roster, List<Accepted> accepted,
                                                               Function<String, byte[]> photoFor, List<RowResult> results) {
        Map<UUID, List<Payloads.MaterialInfo>> attached = new HashMap<>();
        if (photoFor == null) {
            return attached;
        }
        for (Accepted a : accepted) {
            byte[] photo = photoFor.apply(a.form().idNumber());
            if (photo == null) {
                continue;
            }
            try {
                Material m = materials.store(a.id(), materials.inspect(MaterialKind.PHOTO, photo), photo, roster.uploadedBy);
                attached.put(a.id(), List.of(m.info()));
            } catch (DomainException e) {
                results.add(result(roster, a.row(), PHOTO_REFUSED, e.errors().isEmpty()
                        ? List.of(new FieldError("photo", e.getMessage()))
                        : e.errors(), a.id()));
            }
        }
        return attached;
    }

    /**
     * The open applications (or cards) of these people, by the blind index of their ID numbers: one statement, one
     * array parameter.
     */
    private Map<String, OpenApplication> openApplications(java.util.Set<String> idNumberIndexes) {
        Map<String, OpenApplication> found = new HashMap<>();
        if (idNumberIndexes.isEmpty()) {
            return found;
        }
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (java.sql.PreparedStatement st = connection.prepareStatement("select id_number_index, id, employer_id, "
                    + "status, roster_id, roster_row from application where id_number_index = any (?) "
                    + "and status not in ('REJECTED', 'WITHDRAWN', 'CARD_CANCELLED')")) {
                st.setArray(1, connection.createArrayOf("varchar", idNumberIndexes.toArray()));
                try (java.sql.ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), new OpenApplication(rs.getObject(2, UUID.class), rs.getString(3),
                                rs.getString(4), rs.getObject(5, UUID.class), (Integer) rs.getObject(6)));
                    }
                }
            }
        });
        return found;
    }

    private static String withoutLineEnd(String line) {
        return line.endsWith("\r\n") ? line.substring(0, line.length() - 2) : line;
    }

    private RowResult result(Roster roster, ChunkRow row, String outcome, List<FieldError> errors, UUID applicationId) {
        try {
            // the line as uploaded is kept for the rows to fix and upload again (the rejected-rows CSV) only
            // kept without control characters: PostgreSQL text cannot hold a NUL, and the row is refused for them anyway
            String raw = REJECTED.equals(outcome) && row.raw() != null
                    ? withoutLineEnd(CsvReader.line(row.raw().stream().map(ControlCharacters::strip).toList())) : null;
            return new RowResult(roster.id, row.number(), outcome, mapper.writeValueAsString(errors), cipher.encrypt(raw),
                    applicationId);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
