package org.sscard.cardproduction.domain;

public enum CancellationReason {
    DEATH, EMIGRATION, LOSS_OF_NATIONALITY, TRANSFER
}
