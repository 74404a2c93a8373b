package org.sscard.cardproduction.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.cardproduction.domain.Card;
import org.sscard.cardproduction.domain.CardStatus;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class CardRepository implements PanacheRepositoryBase<Card, String> {
    public Optional<Card> findByApplication(UUID applicationId) {
        return find("applicationId", applicationId).firstResultOptional();
    }

    public List<Card> inBatch(UUID batchId, CardStatus status) {
        return list("batchId = ?1 and status = ?2", batchId, status);
    }
}
