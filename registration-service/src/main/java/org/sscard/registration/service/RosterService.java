package org.sscard.registration.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.hibernate.exception.ConstraintViolationException;
import org.sscard.platform.crypto.FieldCipher;
import org.sscard.platform.persistence.SqlValues;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.problem.FieldError;
import org.sscard.platform.security.Caller;
import org.sscard.platform.text.ControlCharacters;
import org.sscard.registration.config.RegistrationConfig;
import org.sscard.registration.domain.Roster;
import org.sscard.registration.files.ContentSniffer;
import org.sscard.registration.files.CsvReader;
import org.sscard.registration.repository.RosterRepository;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** Receiving employer rosters and answering about them; {@link RosterProcessor} does the work. */
@ApplicationScoped
@Transactional
public class RosterService {
    private static final TypeReference<List<FieldError>> ERRORS = new TypeReference<>() {
    };

    /** A row that was not simply accepted: REJECTED, ALREADY_REGISTERED, LATE (accepted, flagged) or PHOTO_REFUSED. */
    public record RowOutcome(int rowNumber, String outcome, List<FieldError> errors, UUID applicationId) {
    }

    /** An upload answered: the job, and whether it is the one an identical earlier upload created. */
    public record Received(Roster roster, boolean repeated) {
    }

    private final RosterRepository rosters;
    private final EmployerService employers;
    private final RegistrationConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final jakarta.enterprise.event.Event<RosterProcessor.RosterUploaded> uploaded;
    private final FieldCipher cipher;

    public RosterService(RosterRepository rosters, EmployerService employers, RegistrationConfig config,
                         ObjectMapper mapper, Clock clock, jakarta.enterprise.event.Event<RosterProcessor.RosterUploaded> uploaded,
                         FieldCipher cipher) {
        this.uploaded = uploaded;
        this.cipher = cipher;
        this.rosters = rosters;
        this.employers = employers;
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Stores the upload as a job; the same file or idempotency key from the same employer returns the first job. */
    public Received upload(byte[] content, byte[] photosZip, String fileName, String idempotencyKey, Caller caller) {
        employers.requireRegistered(caller.subject());
        if (content == null || content.length == 0) {
            throw DomainException.invalid("ROSTER_EMPTY", "The roster file is empty");
        }
        if (content.length > config.roster().maxBytes()) {
            throw DomainException.tooLarge("ROSTER_TOO_LARGE", "The roster is larger than "
                    + config.roster().maxBytes() / (1024 * 1024) + " MB; split it into several uploads");
        }
        if (photosZip != null && !ContentSniffer.sniff(photosZip).filter("application/zip"::equals).isPresent()) {
            throw DomainException.unsupportedType("PHOTOS_NOT_A_ZIP", "The photos must be one ZIP file of JPEGs named by ID number");
        }
        String sha256 = MaterialService.sha256(content);
        var earlier = rosters.sameUpload(caller.subject(), sha256, idempotencyKey);
        if (earlier.isPresent()) {
            Roster r = earlier.get();
            if (idempotencyKey != null && idempotencyKey.equals(r.idempotencyKey) && !sha256.equals(r.sha256)) {
                throw DomainException.breaksRule("IDEMPOTENCY_KEY_REUSED",
                        "This Idempotency-Key was used for a different file (roster " + r.id + ")");
            }
            return new Received(view(r), true);
        }
        Roster r = new Roster();
        r.id = UUID.randomUUID();
        r.employerId = caller.subject();
        r.format = format(content);
        r.fileName = SqlValues.fit(fileName, 200);
        r.sha256 = sha256;
        r.idempotencyKey = idempotencyKey;
        r.status = Roster.Status.RECEIVED;
        r.uploadedBy = caller.subject();
        r.uploadedAt = clock.instant();
        try {
            rosters.persist(r);
            rosters.flush();
        } catch (ConstraintViolationException e) {
            throw DomainException.conflict("ROSTER_UPLOAD_IN_PROGRESS",
                    "The same roster is being uploaded right now; look it up in a moment");
        }
        rosters.saveFile(r.id, "ROSTER", content);
        if (photosZip != null) {
            rosters.saveFile(r.id, "PHOTOS", photosZip);
        }
        uploaded.fire(new RosterProcessor.RosterUploaded(r.id)); // observed after the commit
        return new Received(r, false);
    }

    /** XLSX is a ZIP; JSON starts with '['; anything else is read as CSV. The client's Content-Type is not trusted. */
    static String format(byte[] content) {
        if (ContentSniffer.sniff(content).filter("application/zip"::equals).isPresent()) {
            return "XLSX";
        }
        for (int i = 0; i < content.length; i++) {
            int b = content[i] & 0xff;
            if (b == 0xEF || b == 0xBB || b == 0xBF || Character.isWhitespace(b)) {
                continue; // BOM or white space
            }
            return b == '[' ? "JSON" : "CSV";
        }
        return "CSV";
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Roster get(UUID id, Caller caller) {
        return view(visible(id, caller));
    }

    /** The roster with its progress; an unfinished one is detached so that its summed counters are never saved. */
    private Roster view(Roster r) {
        if (r.status != Roster.Status.COMPLETED && r.status != Roster.Status.FAILED) {
            rosters.getEntityManager().detach(r);
            rosters.addProgress(r);
        }
        return r;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Roster> list(Caller caller, String employerId, int page, int size) {
        String owner = caller.isStaff() ? employerId : caller.subject();
        return rosters.forEmployer(owner, page, Math.min(size, config.maxPageSize())).stream()
                .map(this::view).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<RowOutcome> results(UUID id, String outcome, int page, int size, Caller caller) {
        visible(id, caller);
        @SuppressWarnings("unchecked")
        // late rows are accepted applications that say so themselves; the other outcomes have result rows
        List<Object[]> rows = rosters.getEntityManager().createNativeQuery("select row_number, outcome, errors, "
                        + "application_id from (select row_number, outcome, errors, application_id from roster_row_result "
                        + "where roster_id = ?1 union all select roster_row, '" + RosterChunkWriter.LATE + "', null, id from application "
                        + "where roster_id = ?1 and late_registration and roster_id is not null) r "
                        + "where (?2 = '' or outcome = ?2) order by row_number, outcome limit ?3 offset ?4")
                .setParameter(1, id).setParameter(2, outcome == null ? "" : outcome)
                .setParameter(3, Math.min(size, config.maxPageSize())).setParameter(4, page * Math.min(size, config.maxPageSize()))
                .getResultList();
        return rows.stream().map(r -> new RowOutcome(((Number) r[0]).intValue(), (String) r[1],
                r[2] == null ? RosterChunkWriter.LATE_ERRORS : errors((String) r[2]), (UUID) r[3])).toList();
    }

    /**
     * Streams the rejected rows as CSV: the employer's own header and rows plus an {@code errors} column (ignored
     * when the fixed file is uploaded again). The errors text is defused against spreadsheet formulas; the row
     * values are the employer's own, returned as they were written.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void writeRejectedRows(UUID id, Caller caller, Writer out) throws IOException {
        Roster r = visible(id, caller);
        out.write('\uFEFF'); // so that Excel opens UTF-8 with Chinese names correctly
        out.write((r.header == null ? "" : safeCells(r.header) + ",") + "errors\r\n");
        try (Stream<Object[]> rows = rosters.getEntityManager().createNativeQuery("select raw, errors from "
                        + "roster_row_result where roster_id = ?1 and outcome = 'REJECTED' order by row_number")
                .setParameter(1, id).setHint("org.hibernate.fetchSize", 1000).getResultStream()) {
            for (Object[] row : (Iterable<Object[]>) rows::iterator) {
                String why = errors((String) row[1]).stream().map(e -> e.field() + ": " + e.message())
                        .reduce((a, b) -> a + "; " + b).orElse("");
                out.write((row[0] == null ? "" : safeCells(cipher.decrypt((String) row[0])) + ",")
                        + CsvReader.escape(CsvReader.safeForSpreadsheet(why)) + "\r\n");
            }
        }
    }

    /**
     * A stored CSV line with every cell made safe to open in a spreadsheet: an uploaded {@code =HYPERLINK(...)} or
     * {@code @SUM(...)} comes back as text, never as a formula that runs on the employer's machine, and control
     * characters are left out.
     */
    static String safeCells(String line) throws IOException {
        List<String> cells = new CsvReader(new java.io.StringReader(line)).next();
        if (cells == null) {
            return "";
        }
        String safe = CsvReader.line(cells.stream().map(c -> CsvReader.safeForSpreadsheet(ControlCharacters.strip(c))).toList());
        return safe.substring(0, safe.length() - 2); // without the CRLF
    }

    private Roster visible(UUID id, Caller caller) {
        return rosters.findByIdOptional(id).filter(r -> caller.isStaff() || caller.subject().equals(r.employerId))
                .orElseThrow(() -> DomainException.notFound("Roster " + id));
    }

    private List<FieldError> errors(String json) {
        try {
            return mapper.readValue(json, ERRORS);
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}
