package org.sscard.cardproduction.domain;

/** Why a new card replaces an old one (docs/domain.md, section 4). LOST is a replacement; the rest are exchanges. */
public enum ReplacementReason {
    LOST, DAMAGED, CARD_DEFECT, WRONG_DATA, EXPIRING, NAME_OR_ID_CHANGE, BANK_CHANGE, PROVINCE_MOVE
}
