package org.sscard.notification.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.notification.domain.DeadLetter;

import java.util.List;

@ApplicationScoped
public class DeadLetterRepository implements PanacheRepository<DeadLetter> {
    public boolean exists(String topic, int partition, long offset) {
        return count("topic = ?1 and partition = ?2 and offset = ?3", topic, partition, offset) > 0;
    }

    public List<DeadLetter> recent(int size) {
        return findAll(Sort.descending("receivedAt", "id")).page(Page.ofSize(size)).list();
    }
}
