package org.sscard.registration.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * DEVELOPMENT outlets for the dev, test and local profiles ({@code ./suite}, docker-compose, the tests), so that an
 * application can name one out of the box. Off in production ({@code sscard.outlets.development-seed}), whose registry
 * administrators fill. An outlet already there is left as it is.
 */
@ApplicationScoped
public class DevelopmentOutlets {
    private static final Logger LOG = Logger.getLogger(DevelopmentOutlets.class);
    private static final String[][] OUTLETS = {
            {"110105-001", "朝阳区社保服务中心 Chaoyang social insurance service centre",
                    "北京市朝阳区示例路 1 号 (development data)", "Mon-Fri 09:00-17:00, Sat 09:00-12:00"},
            {"110105-002", "朝阳区望京社保服务站 Wangjing service point", "北京市朝阳区示例路 2 号 (development data)",
                    "Mon-Fri 09:00-17:00"},
            {"110105-W", "朝阳区企业服务窗口 Chaoyang employer window", "北京市朝阳区示例路 3 号 (development data)",
                    "Mon-Fri 09:00-16:00"},
            {"330102-001", "上城区社保服务中心 Shangcheng social insurance service centre",
                    "杭州市上城区示例路 1 号 (development data)", "Mon-Fri 08:30-17:00"}};

    private final EntityManager em;
    private final boolean seed;

    public DevelopmentOutlets(EntityManager em,
                              @ConfigProperty(name = "sscard.outlets.development-seed", defaultValue = "false") boolean seed) {
        this.em = em;
        this.seed = seed;
    }

    void onStart(@Observes StartupEvent event) {
        if (!seed) {
            return;
        }
        int added = QuarkusTransaction.requiringNew().call(() -> {
            int n = 0;
            for (String[] o : OUTLETS) {
                n += em.createNativeQuery("insert into outlet (code, name, address, region_code, hours, open, changed_at, "
                                + "changed_by) values (?1, ?2, ?3, ?4, ?5, true, now(), 'development-data') "
                                + "on conflict (code) do nothing")
                        .setParameter(1, o[0]).setParameter(2, o[1]).setParameter(3, o[2])
                        .setParameter(4, o[0].substring(0, 6)).setParameter(5, o[3]).executeUpdate();
            }
            return n;
        });
        if (added > 0) {
            LOG.infof("Added %d DEVELOPMENT outlets (sscard.outlets.development-seed)", added);
        }
    }
}
