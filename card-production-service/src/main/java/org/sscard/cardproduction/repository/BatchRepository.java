package org.sscard.cardproduction.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.sscard.cardproduction.domain.BatchStatus;
import org.sscard.cardproduction.domain.PrintBatch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class BatchRepository implements PanacheRepositoryBase<PrintBatch, UUID> {
    public Optional<PrintBatch> openForOutlet(String outletCode) {
        return find("outletCode = ?1 and status = ?2", outletCode, BatchStatus.OPEN)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public List<UUID> openOlderThan(Instant cutoff) {
        return getEntityManager().createQuery(
                        "select b.id from PrintBatch b where b.status = :s and b.createdAt <= :cutoff", UUID.class)
                .setParameter("s", BatchStatus.OPEN).setParameter("cutoff", cutoff).getResultList();
    }

    /** Batches sent to the printer before {@code cutoff} whose outcomes never came back. */
    public List<UUID> printingSince(Instant cutoff) {
        return getEntityManager().createQuery(
                        "select b.id from PrintBatch b where b.status = :s and b.printingSince <= :cutoff order by b.printingSince",
                        UUID.class)
                .setParameter("s", BatchStatus.PRINTING).setParameter("cutoff", cutoff).getResultList();
    }

    public List<UUID> closedIds() {
        return getEntityManager().createQuery(
                        "select b.id from PrintBatch b where b.status = :s order by b.closedAt", UUID.class)
                .setParameter("s", BatchStatus.CLOSED).getResultList();
    }

    public List<PrintBatch> recent(BatchStatus status, int size) {
        return (status == null ? findAll(Sort.descending("createdAt")) : find("status", Sort.descending("createdAt"), status))
                .page(Page.ofSize(size)).list();
    }
}
