package org.sscard.cardproduction.domain;

/** How a PIN is kept: only a salted, slow hash is stored, and a PIN offered later is compared with it. */
public interface PinCodec {
    String hash(String pin);

    boolean matches(String pin, String stored);
}
