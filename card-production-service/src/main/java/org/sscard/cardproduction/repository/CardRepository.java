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

    /** {@link #lockApplication} for many applications with one statement, in the order given (sort them). */
    public void lockApplications(List<UUID> applicationIds) {
        String[] ids = applicationIds.stream().map(UUID::toString).toArray(String[]::new);
        getEntityManager().unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (java.sql.PreparedStatement ps = connection.prepareStatement(
                    "select count(pg_advisory_xact_lock(hashtextextended(a, 7261002))) from unnest(?) a")) {
                ps.setArray(1, connection.createArrayOf("text", ids));
                ps.executeQuery().close();
            }
        });
    }

    /** The cards of many applications, by application. */
    public java.util.Map<UUID, List<Card>> forApplications(java.util.Collection<UUID> applicationIds) {
        return list("applicationId in ?1", applicationIds).stream().collect(java.util.stream.Collectors.groupingBy(
                c -> c.applicationId, java.util.stream.Collectors.toCollection(java.util.ArrayList::new)));
    }

    /** Those of {@code numbers} that are card numbers already. */
    public java.util.Set<String> taken(java.util.Collection<String> numbers) {
        return new java.util.HashSet<>(getEntityManager().createQuery(
                        "select c.cardNumber from Card c where c.cardNumber in :n", String.class)
                .setParameter("n", numbers).getResultList());
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

    /** Waiting cards whose next reminder or return is due at {@code now}, earliest first, at most {@code limit}. */
    public List<Card> collectionDue(java.time.Instant now, int limit) {
        return find("status = ?1 and collectionDueAt <= ?2 order by collectionDueAt", CardStatus.READY_FOR_COLLECTION, now)
                .page(0, limit).list();
    }

    public List<Card> inBatch(UUID batchId, CardStatus status) {
        return list("batchId = ?1 and status = ?2", batchId, status);
    }
}
