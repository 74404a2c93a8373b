package org.sscard.platform.crypto;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a text attribute encrypted ({@link FieldCipher}); the entity holds the clear value. Such a column can only
 * be read back, never compared in a query: equality lookups go through a blind-index column instead.
 */
@Converter
public class EncryptedText implements AttributeConverter<String, String> {
    private FieldCipher cipher;

    @Override
    public String convertToDatabaseColumn(String clear) {
        return cipher().encrypt(clear);
    }

    @Override
    public String convertToEntityAttribute(String stored) {
        return cipher().decrypt(stored);
    }

    private FieldCipher cipher() {
        if (cipher == null) {
            cipher = FieldCipher.current();
        }
        return cipher;
    }
}
