package org.sscard.cardproduction.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import org.sscard.cardproduction.domain.ElectronicCard;
import org.sscard.cardproduction.domain.ElectronicCardStatus;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ElectronicCardRepository implements PanacheRepositoryBase<ElectronicCard, UUID> {
    /** The electronic card that mirrors this physical card and is not revoked. */
    public Optional<ElectronicCard> liveFor(String cardNumber) {
        return find("cardNumber = ?1 and status <> ?2", cardNumber, ElectronicCardStatus.REVOKED).firstResultOptional();
    }

    /**
     * Records the nonce of a face-verification verdict as used; false when it was used before. A concurrent use of
     * the same nonce waits for the first transaction and then sees it.
     */
    public boolean useFaceCheckNonce(String nonce, String cardNumber, Instant at) {
        return getEntityManager().createNativeQuery("insert into face_check_nonce (nonce, card_number, used_at) "
                        + "values (?1, ?2, ?3) on conflict (nonce) do nothing")
                .setParameter(1, nonce).setParameter(2, cardNumber).setParameter(3, at).executeUpdate() == 1;
    }

    /** Forgets nonces used before {@code cutoff}: their verdicts have long expired. */
    public int forgetFaceCheckNonces(Instant cutoff) {
        return getEntityManager().createNativeQuery("delete from face_check_nonce where used_at < ?1")
                .setParameter(1, cutoff).executeUpdate();
    }

    public Optional<ElectronicCard> latestFor(String cardNumber) {
        return find("cardNumber", Sort.descending("issuedAt"), cardNumber).firstResultOptional();
    }
}
