package org.sscard.registration.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.platform.crypto.FieldCipher;
import org.sscard.registration.domain.Roster;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class RosterRepository implements PanacheRepositoryBase<Roster, UUID> {
    private final FieldCipher cipher;

    public RosterRepository(FieldCipher cipher) {
        this.cipher = cipher;
    }

    public Optional<Roster> sameUpload(String employerId, String sha256, String idempotencyKey) {
        if (idempotencyKey != null) {
            Optional<Roster> byKey = find("employerId = ?1 and idempotencyKey = ?2", employerId, idempotencyKey)
                    .firstResultOptional();
            if (byKey.isPresent()) {
                return byKey;
            }
        }
        return find("employerId = ?1 and sha256 = ?2", employerId, sha256).firstResultOptional();
    }

    public List<Roster> forEmployer(String employerId, int page, int size) {
        return find(employerId == null ? "order by uploadedAt desc" : "employerId = ?1 order by uploadedAt desc",
                employerId == null ? new Object[0] : new Object[]{employerId}).page(Page.of(page, size)).list();
    }

    /** Keeps an uploaded file, encrypted, until it is processed and its retention is over. */
    public void saveFile(UUID rosterId, String kind, byte[] content) {
        getEntityManager().createNativeQuery("insert into roster_file (roster_id, kind, content) values (?1, ?2, ?3)")
                .setParameter(1, rosterId).setParameter(2, kind).setParameter(3, cipher.encrypt(content)).executeUpdate();
    }

    /** An uploaded file, or empty when there is none or it has been deleted after processing. */
    public Optional<byte[]> file(UUID rosterId, String kind) {
        @SuppressWarnings("unchecked")
        List<byte[]> rows = getEntityManager()
                .createNativeQuery("select content from roster_file where roster_id = ?1 and kind = ?2")
                .setParameter(1, rosterId).setParameter(2, kind).getResultList();
        return rows.stream().findFirst().map(cipher::decrypt);
    }

    /**
     * Deletes the uploaded files of the rosters that finished before {@code cutoff}: what is left of a processed
     * roster is its counts and row results. Returns how many files went.
     */
    public int deleteFilesFinishedBefore(java.time.Instant cutoff) {
        return getEntityManager().createNativeQuery("delete from roster_file f using roster r where r.id = f.roster_id "
                + "and r.status in ('COMPLETED', 'FAILED') and r.finished_at < ?1").setParameter(1, cutoff).executeUpdate();
    }

    /**
     * Fills the roster's counters from its committed chunks (while it is processed they live there, one row per
     * chunk, so that chunks written side by side never wait for each other). On a managed entity the sums are
     * saved, which is what finishing a roster wants; views detach the entity first.
     */
    public Roster addProgress(Roster r) {
        if (r.status == Roster.Status.COMPLETED || r.status == Roster.Status.FAILED) {
            return r;
        }
        Object[] sums = (Object[]) getEntityManager().createNativeQuery("select coalesce(sum(rows_done), 0), "
                        + "coalesce(sum(accepted), 0), coalesce(sum(rejected), 0), coalesce(sum(already_registered), 0), "
                        + "coalesce(sum(late), 0), coalesce(sum(photos_attached), 0) from roster_chunk where roster_id = ?1")
                .setParameter(1, r.id).getSingleResult();
        r.rowsDone = ((Number) sums[0]).intValue();
        r.accepted = ((Number) sums[1]).intValue();
        r.rejected = ((Number) sums[2]).intValue();
        r.alreadyRegistered = ((Number) sums[3]).intValue();
        r.late = ((Number) sums[4]).intValue();
        r.photosAttached = ((Number) sums[5]).intValue();
        return r;
    }

    /** Extends the lease of the roster while {@code owner} holds it; returns false when another worker has taken it. */
    public boolean renewLease(UUID id, UUID owner, java.time.Instant until) {
        return getEntityManager().createNativeQuery("update roster set lease_until = ?3 where id = ?1 and lease_owner = ?2 "
                        + "and status = 'PROCESSING'")
                .setParameter(1, id).setParameter(2, owner).setParameter(3, java.sql.Timestamp.from(until))
                .executeUpdate() == 1;
    }

    /** The next roster to work on whose lease has run out (or never was taken), locked against other workers. */
    public Optional<Roster> lockNextToProcess(java.time.Instant now) {
        @SuppressWarnings("unchecked")
        List<Roster> rows = getEntityManager().createNativeQuery("select * from roster where status in "
                        + "('RECEIVED', 'PROCESSING') and (lease_until is null or lease_until < ?1) order by uploaded_at "
                        + "limit 1 for update skip locked", Roster.class)
                .setParameter(1, now).getResultList();
        return rows.stream().findFirst();
    }

}
