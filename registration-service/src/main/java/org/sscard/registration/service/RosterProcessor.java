package org.sscard.registration.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;
import org.sscard.events.EventTypes;
import org.sscard.events.Payloads;
import org.sscard.events.Topics;
import org.sscard.platform.outbox.OutboxWriter;
import org.sscard.platform.persistence.SqlValues;
import org.sscard.platform.reliability.DatabaseProbe;
import org.sscard.platform.reliability.Outages;
import org.sscard.registration.config.RegistrationConfig;
import org.sscard.registration.domain.Roster;
import org.sscard.registration.repository.RosterRepository;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Works through uploaded rosters in the background. A worker leases one roster at a time, reads it row by row and
 * hands chunks to {@link RosterChunkWriter} on a few writer threads. The lease names its holder (a token taken at
 * each claim) and is renewed by a heartbeat every third of its length for as long as the worker works, whatever a
 * chunk or the count of rows takes. If the process dies, another worker (or this one after a restart) picks the
 * roster up when the lease runs out and skips the chunks already committed; the worker that lost the lease can
 * neither write another chunk nor finish the roster. An outage of the database is waited out chunk by chunk. An
 * upload starts the worker at once; the schedule is the safety net.
 */
@ApplicationScoped
public class RosterProcessor {
    private static final Logger LOG = Logger.getLogger(RosterProcessor.class);

    private final RosterRepository rosters;
    private final RosterChunkWriter writer;
    private final RosterRowParser parser;
    private final OutboxWriter outbox;
    private final ObjectMapper mapper;
    private final RegistrationConfig config;
    private final Clock clock;
    private final DatabaseProbe probe;
    private final Outages outages;
    private final OutletService outlets;
    private final ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "roster-worker");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "roster-lease");
        t.setDaemon(true);
        return t;
    });

    /** The lease a worker holds on a roster, and whether it has learnt that another worker took it over. */
    record Lease(UUID rosterId, UUID owner, AtomicBoolean lost) {
        void checkHeld() {
            if (lost.get()) {
                throw new RosterLeaseLost(rosterId);
            }
        }
    }

    public RosterProcessor(RosterRepository rosters, RosterChunkWriter writer, RosterRowParser parser, OutboxWriter outbox,
                           ObjectMapper mapper, RegistrationConfig config, Clock clock, DatabaseProbe probe,
                           Outages outages, OutletService outlets) {
        this.outlets = outlets;
        this.probe = probe;
        this.outages = outages;
        this.rosters = rosters;
        this.writer = writer;
        this.parser = parser;
        this.outbox = outbox;
        this.mapper = mapper;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${sscard.registration.roster.poll-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void work() {
        try {
            Optional<Lease> next;
            while ((next = claim()).isPresent()) {
                process(next.get());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Roster worker could not look for work, will retry: %s", e.getClass().getSimpleName());
        }
    }

    @Scheduled(every = "${sscard.registration.roster.file-purge-interval:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeFilesPastRetention() {
        try {
            purgeFiles();
        } catch (RuntimeException e) {
            LOG.warnf("Purging roster files failed, will retry: %s", e.getClass().getSimpleName());
        }
    }

    /** Deletes the uploaded files of rosters that finished longer ago than the retention; returns how many. */
    @Transactional
    public int purgeFiles() {
        int deleted = rosters.deleteFilesFinishedBefore(clock.instant().minus(config.roster().fileRetention()));
        if (deleted > 0) {
            LOG.infof("deleted %d roster files past their retention of %s", deleted, config.roster().fileRetention());
        }
        return deleted;
    }

    /** Starts the worker as soon as an upload is committed, instead of at the next tick. */
    void onUpload(@jakarta.enterprise.event.Observes(during = jakarta.enterprise.event.TransactionPhase.AFTER_SUCCESS)
                  RosterUploaded event) {
        starter.execute(this::work);
    }

    void onStop(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        starter.shutdownNow();
        heartbeat.shutdownNow();
    }

    /** Fired by the upload after its commit. */
    public record RosterUploaded(UUID rosterId) {
    }

    /** Leases the oldest roster that needs work, under a new token; empty when there is none. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    Optional<Lease> claim() {
        return rosters.lockNextToProcess(clock.instant()).map(r -> {
            r.status = Roster.Status.PROCESSING;
            r.leaseUntil = leaseFromNow();
            r.leaseOwner = UUID.randomUUID();
            return new Lease(r.id, r.leaseOwner, new AtomicBoolean());
        });
    }

    /** Works the leased roster to its end, keeping the lease alive meanwhile; stops when the lease is taken over. */
    void process(Lease lease) {
        long period = Math.max(100, config.roster().lease().toMillis() / 3);
        ScheduledFuture<?> keeper = heartbeat.scheduleAtFixedRate(() -> renew(lease), period, period,
                TimeUnit.MILLISECONDS);
        try {
            process(lease.rosterId(), lease);
        } catch (RosterLeaseLost e) {
            LOG.infof("Roster %s: another worker took it over; this one stops", lease.rosterId());
        } finally {
            keeper.cancel(false);
        }
    }

    /** Renews the lease while the roster is ours; a database that does not answer is asked again at the next beat. */
    void renew(Lease lease) {
        try {
            boolean held = QuarkusTransaction.requiringNew().call(() -> rosters.renewLease(lease.rosterId(), lease.owner(),
                    leaseFromNow()));
            if (!held) {
                lease.lost().set(true);
            }
        } catch (RuntimeException e) {
            LOG.debugf("Roster %s: lease not renewed this time (%s)", lease.rosterId(), e.getClass().getSimpleName());
        }
    }

    private void process(UUID rosterId, Lease lease) {
        Roster roster = snapshot(rosterId);
        byte[] content = loadFile(rosterId, "ROSTER");
        byte[] photosZip = loadFile(rosterId, "PHOTOS");
        Path photos = null;
        int total;
        try {
            // counted before the rows are opened for processing, so that one parsed workbook at a time is in memory
            total = roster.totalRows != null ? roster.totalRows : countRows(roster.format, content);
        } catch (IOException e) {
            finish(lease, failure(e));
            return;
        } catch (RosterLeaseLost e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf("Roster %s interrupted, will resume: %s", rosterId, e.getClass().getSimpleName());
            return;
        }
        try (RosterRows rows = RosterRows.open(roster.format, content, mapper, config.roster())) {
            List<String> header = rows.header();
            Map<String, Integer> columns = RosterColumns.map(header);
            List<String> missing = RosterColumns.missingRequired(columns);
            if (!missing.isEmpty()) {
                throw new RosterRows.UnreadableRoster("The header lacks the columns " + missing + "; it has " + header);
            }
            roster.chunkSize = start(lease, total, header);
            ZipFile zip = null;
            if (photosZip != null) {
                photos = Files.createTempFile("roster-photos", ".zip");
                Files.write(photos, photosZip);
                zip = new ZipFile(photos.toFile());
            }
            try {
                processRows(roster, lease, rows, columns, photoLookup(zip));
            } finally {
                if (zip != null) {
                    zip.close();
                }
            }
            finish(lease, null);
        } catch (IOException e) {
            // The roster is in memory: a read error is the file's (bad UTF-8, an open quote, a damaged sheet). It
            // would fail the same way on every retry, so the roster fails, saying why; the rows before it stand.
            finish(lease, failure(e));
        } catch (RosterLeaseLost e) {
            throw e;
        } catch (RuntimeException e) {
            // Leave the lease to run out: the roster is retried from its last committed chunk.
            LOG.warnf("Roster %s interrupted, will resume: %s", rosterId, e.getClass().getSimpleName());
        } finally {
            if (photos != null) {
                try {
                    Files.deleteIfExists(photos);
                } catch (IOException ignored) {
                    // a temporary file; the OS cleans it up
                }
            }
        }
    }

    /**
     * Reads the rows and hands them out in chunks to {@code writers} threads; at most {@code writers} chunks are in
     * flight, so memory holds a few chunks whatever the size of the roster. Chunks committed by an earlier run are
     * skipped.
     */
    private void processRows(Roster roster, Lease lease, RosterRows rows, Map<String, Integer> columns,
                             Function<String, byte[]> photos) throws IOException {
        int chunkSize = roster.chunkSize;
        Set<Integer> done = doneChunks(roster.id);
        int writers = Math.max(1, config.roster().writers());
        ExecutorService pool = Executors.newFixedThreadPool(writers, r -> {
            Thread t = new Thread(r, "roster-writer");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(writers);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try {
            int read = 0;
            List<RosterRows.Row> chunk = new ArrayList<>(chunkSize);
            LocalDate today = LocalDate.now(clock);
            Set<String> openOutlets = outlets.openCodes();
            RosterRows.Row row;
            while ((row = rows.next()) != null && failure.get() == null) {
                int index = read++ / chunkSize;
                if (done.contains(index)) {
                    continue; // committed by an earlier run
                }
                chunk.add(row);
                if (read % chunkSize == 0) {
                    submit(pool, inFlight, failure, lease, index, chunk, columns, today, openOutlets, photos);
                    chunk = new ArrayList<>(chunkSize);
                }
            }
            if (!chunk.isEmpty()) {
                submit(pool, inFlight, failure, lease, (read - 1) / chunkSize, chunk, columns, today, openOutlets,
                        photos);
            }
            inFlight.acquireUninterruptibly(writers); // every chunk written (or failed)
        } finally {
            pool.shutdown();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** Hands a chunk to a writer thread, which checks its rows (the reader only splits the file) and writes them. */
    private void submit(ExecutorService pool, Semaphore inFlight, AtomicReference<RuntimeException> failure, Lease lease,
                        int index, List<RosterRows.Row> chunk, Map<String, Integer> columns, LocalDate today,
                        Set<String> openOutlets, Function<String, byte[]> photos) {
        inFlight.acquireUninterruptibly();
        if (lease.lost().get()) {
            inFlight.release();
            failure.compareAndSet(null, new RosterLeaseLost(lease.rosterId()));
            return;
        }
        pool.execute(() -> {
            try {
                List<RosterChunkWriter.ChunkRow> parsed = new ArrayList<>(chunk.size());
                for (RosterRows.Row row : chunk) {
                    RosterRowParser.Parsed p = parser.parse(row.values(), columns, today, openOutlets);
                    parsed.add(new RosterChunkWriter.ChunkRow(row.number(), row.values(), p.request(), p.errors()));
                }
                writeChunk(lease, index, parsed, photos);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                inFlight.release();
            }
        });
    }

    /**
     * Writes a chunk while the lease is this worker's. A lost race with another submission for the same person is
     * retried with fresh data (three tries in all); an unavailable database is waited out, for as long as the lease
     * stays ours (the heartbeat keeps it once the database answers again). A loop rather than a Fault Tolerance
     * {@code @Retry}: the two kinds of failure are counted apart, and the wait has no bound but the lease.
     */
    private void writeChunk(Lease lease, int index, List<RosterChunkWriter.ChunkRow> chunk, Function<String, byte[]> photos) {
        int waited = 0;
        for (int attempt = 1; ; attempt++) {
            lease.checkHeld();
            try {
                writer.write(lease.rosterId(), lease.owner(), index, chunk, photos);
                return;
            } catch (RosterLeaseLost e) {
                lease.lost().set(true);
                throw e;
            } catch (RuntimeException e) {
                if (probe.unavailable(e).isPresent()) {
                    attempt--; // not the chunk's fault
                    LOG.debugf("Roster %s: chunk %d waits for the database (%s)", lease.rosterId(), index,
                            e.getClass().getSimpleName());
                    outages.pause(outages.backoff(++waited));
                    continue;
                }
                if (attempt >= 3) {
                    throw e;
                }
                LOG.infof("Roster %s: chunk %d retried after %s", lease.rosterId(), index, e.getClass().getSimpleName());
            }
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    Set<Integer> doneChunks(UUID rosterId) {
        @SuppressWarnings("unchecked")
        List<Number> rows = rosters.getEntityManager()
                .createNativeQuery("select chunk_index from roster_chunk where roster_id = ?1")
                .setParameter(1, rosterId).getResultList();
        return rows.stream().map(Number::intValue).collect(Collectors.toSet());
    }

    private static Function<String, byte[]> photoLookup(ZipFile zip) {
        if (zip == null) {
            return null;
        }
        return idNumber -> {
            for (String name : List.of(idNumber + ".jpg", idNumber + ".jpeg", idNumber + ".JPG")) {
                ZipEntry entry = zip.getEntry(name);
                if (entry != null && entry.getSize() <= 10L * 1024 * 1024) {
                    try (var in = zip.getInputStream(entry)) {
                        return in.readNBytes(10 * 1024 * 1024);
                    } catch (IOException e) {
                        return null;
                    }
                }
            }
            return null;
        };
    }

    private static String failure(IOException e) {
        return e instanceof RosterRows.UnreadableRoster ? e.getMessage()
                : "The file could not be read to the end: " + e.getMessage();
    }

    private int countRows(String format, byte[] content) throws IOException {
        int n = 0;
        try (RosterRows rows = RosterRows.open(format, content, mapper, config.roster())) {
            while (rows.next() != null) {
                n++;
            }
        }
        return n;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    Roster snapshot(UUID id) {
        Roster r = rosters.findById(id);
        rosters.getEntityManager().detach(r);
        return r;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    byte[] loadFile(UUID id, String kind) {
        return rosters.file(id, kind).orElse(null);
    }

    /** Records what the first run learns; returns the chunk size, which a resumed run keeps. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    int start(Lease lease, int total, List<String> header) {
        Roster r = held(lease);
        r.totalRows = total;
        r.header = org.sscard.registration.files.CsvReader.line(header.stream()
                .map(org.sscard.platform.text.ControlCharacters::strip).toList()).replace("\r\n", "");
        r.leaseUntil = leaseFromNow();
        if (r.chunkSize == null) {
            r.chunkSize = config.roster().chunkSize();
        }
        return r.chunkSize;
    }

    /**
     * Completes (or fails) the roster and announces it, so the employer gets one summary: only the lease's holder
     * does, so that a worker that lost its lease cannot announce it a second time.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    void finish(Lease lease, String failure) {
        Roster r = held(lease);
        rosters.addProgress(r);
        r.status = failure == null ? Roster.Status.COMPLETED : Roster.Status.FAILED;
        r.failure = SqlValues.fit(failure, 500);
        r.finishedAt = clock.instant();
        r.leaseUntil = null;
        r.leaseOwner = null;
        outbox.publish(Topics.ROSTERS, EventTypes.ROSTER_PROCESSED, r.id.toString(),
                new Payloads.RosterProcessed(r.id.toString(), r.employerId, r.status.name(),
                        r.totalRows == null ? 0 : r.totalRows, r.accepted, r.rejected, r.alreadyRegistered, r.late,
                        "/api/v1/rosters/" + r.id + "/rejected-rows", r.failure));
    }

    /** The roster, locked, if the lease is still this worker's. */
    private Roster held(Lease lease) {
        Roster r = rosters.findById(lease.rosterId(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (r == null || !lease.owner().equals(r.leaseOwner)) {
            lease.lost().set(true);
            throw new RosterLeaseLost(lease.rosterId());
        }
        return r;
    }

    private Instant leaseFromNow() {
        return clock.instant().plus(config.roster().lease());
    }
}
