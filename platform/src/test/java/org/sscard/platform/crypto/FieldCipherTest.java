package org.sscard.platform.crypto;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldCipherTest {
    static final String K1 = "k1=DEVELOPMENT-ONLY-field-key-1-not-a-secret";
    static final String K2 = "k2=DEVELOPMENT-ONLY-field-key-2-not-a-secret";
    static final String ID = "11010519491231002X";

    @Test
    void textIsSealedUnderTheActiveKeyAndOpensAgain() {
        FieldCipher cipher = new FieldCipher(K1, "k1");
        String sealed = cipher.encrypt(ID);
        assertTrue(sealed.startsWith("ENC1.k1."), sealed);
        assertFalse(sealed.contains(ID));
        assertEquals(ID, cipher.decrypt(sealed));
        assertNotEquals(sealed, cipher.encrypt(ID), "a fresh nonce each time: equal values do not show as equal");
        assertEquals("张三", cipher.decrypt(cipher.encrypt("张三")));
        assertEquals("", cipher.decrypt(cipher.encrypt("")));
        assertNull(cipher.encrypt((String) null));
        assertNull(cipher.decrypt((String) null));
    }

    @Test
    void bytesAreSealedAndOpenAgain() {
        FieldCipher cipher = new FieldCipher(K1, "k1");
        byte[] photo = new byte[5000];
        Arrays.fill(photo, (byte) 7);
        byte[] sealed = cipher.encrypt(photo);
        assertArrayEquals(cipher.activeBytesPrefix(), Arrays.copyOf(sealed, cipher.activeBytesPrefix().length));
        assertArrayEquals(photo, cipher.decrypt(sealed));
    }

    @Test
    void valuesFromBeforeEncryptionAreReadAsTheyAre() {
        FieldCipher cipher = new FieldCipher(K1, "k1");
        assertEquals(ID, cipher.decrypt(ID));
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, 1, 2};
        assertArrayEquals(jpeg, cipher.decrypt(jpeg));
    }

    @Test
    void aRingWithANewActiveKeyStillOpensWhatTheOldKeySealed() {
        FieldCipher before = new FieldCipher(K1, "k1");
        FieldCipher after = new FieldCipher(K1 + "," + K2, "k2");
        String old = before.encrypt(ID);
        byte[] oldBytes = before.encrypt(ID.getBytes(StandardCharsets.US_ASCII));
        assertEquals(ID, after.decrypt(old));
        assertArrayEquals(ID.getBytes(StandardCharsets.US_ASCII), after.decrypt(oldBytes));
        assertTrue(after.encrypt(ID).startsWith(after.activeTextPrefix()));
        assertFalse(old.startsWith(after.activeTextPrefix()));
        // once k1 is retired, what it sealed no longer opens: the reason to re-encrypt before retiring it
        FieldCipher retired = new FieldCipher(K2, "k2");
        assertThrows(UnreadableCiphertextException.class, () -> retired.decrypt(old));
    }

    @Test
    void aTamperedOrForgedValueIsRefusedWithoutItsContent() {
        FieldCipher cipher = new FieldCipher(K1, "k1");
        String sealed = cipher.encrypt(ID);
        String[] parts = sealed.split("\\.");
        byte[] body = Base64.getUrlDecoder().decode(parts[3]);
        body[body.length - 1] ^= 1;
        String tampered = parts[0] + "." + parts[1] + "." + parts[2] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(body);
        UnreadableCiphertextException e = assertThrows(UnreadableCiphertextException.class,
                () -> cipher.decrypt(tampered));
        assertFalse(e.getMessage().contains(ID));
        assertThrows(UnreadableCiphertextException.class, () -> cipher.decrypt("ENC1.k1.x"));
        assertThrows(UnreadableCiphertextException.class, () -> cipher.decrypt("ENC1.k1.!!.!!"));
        // a data key wrapped under another key id than the one it names does not open
        String relabelled = "ENC1.k2." + parts[2] + "." + parts[3];
        FieldCipher both = new FieldCipher(K1 + "," + K2, "k1");
        assertThrows(UnreadableCiphertextException.class, () -> both.decrypt(relabelled));
        byte[] sealedBytes = cipher.encrypt(new byte[]{1, 2, 3});
        assertThrows(UnreadableCiphertextException.class,
                () -> cipher.decrypt(Arrays.copyOf(sealedBytes, sealedBytes.length - 20)));
    }

    @Test
    void aKeyRingThatCannotProtectAnythingIsRefusedAtStart() {
        assertThrows(IllegalStateException.class, () -> new FieldCipher("k1=short", "k1"));
        assertThrows(IllegalStateException.class, () -> new FieldCipher(K1, "k2"));
        assertThrows(IllegalStateException.class, () -> new FieldCipher(K1 + "," + K1, "k1"));
        assertThrows(IllegalStateException.class, () -> new FieldCipher("bad id=" + K1.substring(3), "bad id"));
        assertThrows(IllegalStateException.class, () -> new FieldCipher("", "k1"));
    }
}
