package org.sscard.registration.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.registration.domain.Outlet;
import org.sscard.registration.domain.OutletChange;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

@ApplicationScoped
public class OutletRepository implements PanacheRepositoryBase<Outlet, String> {

    /** Outlets in code order, of one region or all, open ones only unless {@code includeClosed}. */
    public List<Outlet> list(String regionCode, boolean includeClosed) {
        StringBuilder q = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (regionCode != null) {
            q.append(" and regionCode = :region");
            params.put("region", regionCode);
        }
        if (!includeClosed) {
            q.append(" and open = true");
        }
        return find(q.toString(), Sort.by("code"), params).list();
    }

    /** The codes of the open outlets: a roster checks its rows against them, read once per run. */
    public Set<String> openCodes() {
        return new HashSet<>(getEntityManager().createQuery("select o.code from Outlet o where o.open = true", String.class)
                .getResultList());
    }

    public void record(OutletChange change) {
        getEntityManager().persist(change);
    }

    public List<OutletChange> changes(String code) {
        return getEntityManager().createQuery("from OutletChange c where c.code = :code order by c.id desc", OutletChange.class)
                .setParameter("code", code).setMaxResults(100).getResultList();
    }
}
