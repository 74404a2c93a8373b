package org.sscard.cardproduction.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.cardproduction.domain.ElectronicCard;
import org.sscard.cardproduction.domain.ElectronicCardStatus;

import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ElectronicCardRepository implements PanacheRepositoryBase<ElectronicCard, UUID> {
    /** The electronic card that mirrors this physical card and is not revoked. */
    public Optional<ElectronicCard> liveFor(String cardNumber) {
        return find("cardNumber = ?1 and status <> ?2", cardNumber, ElectronicCardStatus.REVOKED).firstResultOptional();
    }

    public Optional<ElectronicCard> latestFor(String cardNumber) {
        return find("cardNumber", Sort.descending("issuedAt"), cardNumber).firstResultOptional();
    }
}
