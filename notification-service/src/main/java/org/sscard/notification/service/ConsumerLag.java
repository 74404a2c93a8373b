package org.sscard.notification.service;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** How far behind each service's consumers are, per topic: end offset minus committed offset. */
@ApplicationScoped
public class ConsumerLag {
    /** Each service's group of the interactive lane, and its group of the bulk lane ({@code -bulk}). */
    static final List<String> GROUPS = List.of("registration-service", "registration-service-bulk", "review-service",
            "review-service-bulk", "card-production-service", "card-production-service-bulk", "notification-service",
            "notification-service-bulk");
    private final String bootstrap;
    private volatile Admin admin;

    public ConsumerLag(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.bootstrap = bootstrap;
    }

    private Admin admin() {
        if (admin == null) {
            synchronized (this) {
                if (admin == null) {
                    Properties p = new Properties();
                    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
                    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
                    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
                    admin = Admin.create(p);
                }
            }
        }
        return admin;
    }

    void close(@Observes ShutdownEvent e) {
        if (admin != null) {
            admin.close();
        }
    }

    public List<DashboardFigures.Lag> lag() {
        List<DashboardFigures.Lag> out = new ArrayList<>();
        for (String group : GROUPS) {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin().listOffsets(latest).all()
                        .get(5, TimeUnit.SECONDS);
                Map<String, Long> byTopic = new TreeMap<>();
                committed.forEach((tp, om) -> {
                    if (om != null && ends.containsKey(tp)) {
                        byTopic.merge(tp.topic(), Math.max(0, ends.get(tp).offset() - om.offset()), Long::sum);
                    }
                });
                byTopic.forEach((topic, lag) -> out.add(new DashboardFigures.Lag(group, topic, lag, null)));
            } catch (Exception e) {
                out.add(new DashboardFigures.Lag(group, null, null, "unavailable: " + e.getClass().getSimpleName()));
            }
        }
        return out;
    }
}
