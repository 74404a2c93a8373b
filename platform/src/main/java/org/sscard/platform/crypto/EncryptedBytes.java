package org.sscard.platform.crypto;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a byte attribute (a scanned document, a photo) encrypted ({@link FieldCipher}). */
@Converter
public class EncryptedBytes implements AttributeConverter<byte[], byte[]> {
    private FieldCipher cipher;

    @Override
    public byte[] convertToDatabaseColumn(byte[] clear) {
        return cipher().encrypt(clear);
    }

    @Override
    public byte[] convertToEntityAttribute(byte[] stored) {
        return cipher().decrypt(stored);
    }

    private FieldCipher cipher() {
        if (cipher == null) {
            cipher = FieldCipher.current();
        }
        return cipher;
    }
}
