package org.sscard.notification.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.sscard.notification.domain.DeadLetter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class DeadLetterRepository implements PanacheRepository<DeadLetter> {
    /** Which dead letters: every field is optional. */
    public record Filter(DeadLetter.Status status, String topic, String originalTopic, String cause) {
        String query(Parameters p) {
            List<String> where = new ArrayList<>();
            if (status != null) {
                where.add("status = :status");
                p.and("status", status);
            }
            if (topic != null) {
                where.add("topic = :topic");
                p.and("topic", topic);
            }
            if (originalTopic != null) {
                where.add("originalTopic = :originalTopic");
                p.and("originalTopic", originalTopic);
            }
            if (cause != null) {
                where.add("cause = :cause");
                p.and("cause", cause);
            }
            return where.isEmpty() ? "1 = 1" : String.join(" and ", where);
        }

        /** The open ones among these. */
        Filter open() {
            return new Filter(DeadLetter.Status.OPEN, topic, originalTopic, cause);
        }
    }

    public boolean exists(String topic, int partition, long offset) {
        return count("topic = ?1 and partition = ?2 and offset = ?3", topic, partition, offset) > 0;
    }

    /** Whether event {@code eventId} already waits, open, in dead-letter topic {@code topic}. */
    public boolean openFor(String topic, String eventId) {
        return count("topic = ?1 and eventId = ?2 and status = ?3", topic, eventId, DeadLetter.Status.OPEN) > 0;
    }

    public List<DeadLetter> recent(int size) {
        return findAll(Sort.descending("receivedAt", "id")).page(Page.ofSize(size)).list();
    }

    /** Newest first. */
    public List<DeadLetter> search(Filter filter, int size) {
        Parameters p = new Parameters();
        return find(filter.query(p), Sort.descending("receivedAt", "id"), p).page(Page.ofSize(size)).list();
    }

    /** The open ones among {@code filter}, oldest first: a replay keeps the order in which they failed. */
    public List<Long> openIds(Filter filter, int limit) {
        Parameters p = new Parameters();
        var query = getEntityManager().createQuery("select id from DeadLetter where " + filter.open().query(p) + " order by id",
                Long.class).setMaxResults(limit);
        p.map().forEach(query::setParameter);
        return query.getResultList();
    }

    public long countOpen() {
        return count("status", DeadLetter.Status.OPEN);
    }

    public long countOpen(Filter filter) {
        Parameters p = new Parameters();
        return count(filter.open().query(p), p);
    }

    /** The dead letter, locked until the end of the transaction: one action at a time on it. */
    public Optional<DeadLetter> locked(long id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }
}
