package org.sscard.cardproduction.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.cardproduction.domain.Card;
import org.sscard.cardproduction.domain.CardStatus;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CardRepository implements PanacheRepositoryBase<Card, String> {
    /**
     * Serialises, until the transaction ends, everything that decides about an application's cards: its approval and
     * its withdrawal arrive on different topics and are handled side by side (and by several instances), and without
     * it each could miss the other's uncommitted work.
     */
    public void lockApplication(UUID applicationId) {
        getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtextextended(?1, 7261002))")
                .setParameter(1, applicationId.toString()).getSingleResult();
    }

    /** The cards of an application, newest first (a replacement comes before the card it replaces). */
    public List<Card> forApplication(UUID applicationId) {
        return list("applicationId", io.quarkus.panache.common.Sort.descending("createdAt"), applicationId);
    }

    public List<Card> tempLostUntil(java.time.Instant cutoff) {
        return list("status = ?1 and tempLossUntil <= ?2", CardStatus.TEMP_LOST, cutoff);
    }

    public List<Card> expiringBy(java.time.LocalDate date, boolean noticeSent) {
        return list("status in ?1 and expiryDate <= ?2 and expiryNoticeAt is " + (noticeSent ? "not null" : "null"),
                List.of(CardStatus.ACTIVE, CardStatus.LOCKED, CardStatus.TEMP_LOST, CardStatus.ISSUED_SEALED), date);
    }

    public List<Card> expiredBy(java.time.LocalDate today) {
        return list("status = ?1 and expiryDate < ?2", CardStatus.ACTIVE, today);
    }

    public List<Card> uncollectedSince(java.time.Instant cutoff) {
        return list("status = ?1 and readyAt <= ?2 and collectionOverdueAt is null", CardStatus.READY_FOR_COLLECTION, cutoff);
    }

    public List<Card> inBatch(UUID batchId, CardStatus status) {
        return list("batchId = ?1 and status = ?2", batchId, status);
    }
}
