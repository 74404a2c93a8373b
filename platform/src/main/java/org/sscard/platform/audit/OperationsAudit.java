package org.sscard.platform.audit;

import org.sscard.platform.persistence.SqlValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What operations staff did by hand, in the table {@code operations_audit} of the service they did it in: who, when,
 * what, to what and why. Written in the transaction of the action itself, so an action and its record stand or fall
 * together.
 */
@ApplicationScoped
public class OperationsAudit {
    private static final Logger LOG = Logger.getLogger(OperationsAudit.class);

    /** One recorded action. */
    public record Entry(Instant at, String actor, String action, String target, String detail) {
    }

    private final EntityManager em;
    private final Clock clock;

    public OperationsAudit(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String actor, String action, String target, String detail) {
        em.createNativeQuery("insert into operations_audit (at, actor, action, target, detail) values (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, Timestamp.from(clock.instant())).setParameter(2, SqlValues.fit(actor, 200))
                .setParameter(3, SqlValues.fit(action, 50)).setParameter(4, SqlValues.fit(target, 200))
                .setParameter(5, SqlValues.fit(detail, 1000))
                .executeUpdate();
        LOG.infof("Operations: %s %s %s", actor, action, target);
    }

    /** The actions on {@code target}, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Entry> of(String target) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select at, actor, action, target, detail from operations_audit "
                + "where target = ?1 order by at, id").setParameter(1, target).getResultList();
        return rows.stream().map(r -> new Entry(SqlValues.instant(r[0]), (String) r[1], (String) r[2], (String) r[3],
                (String) r[4])).toList();
    }
}
