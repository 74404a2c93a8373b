package org.sscard.platform.security;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProductionGuardTest {

    static SmallRyeConfig config(Map<String, String> values) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(values, "test", 500)).build();
    }

    @Test
    void developmentValuesAndKeysAreNamedWithoutTheirValues() {
        List<String> problems = ProductionGuard.problems(config(Map.of(
                "sscard.card.pin-pepper", "DEVELOPMENT-ONLY-pin-pepper-not-a-secret",
                "sscard.crypto.blind-index-key", "DEVELOPMENT-ONLY-blind-index-key-not-a-secret",
                "sscard.crypto.field-keys", "prod-1=a-real-secret-of-forty-characters-xxxxxx,"
                        + "dev-1=DEVELOPMENT-ONLY-field-key-1-not-a-secret",
                "%dev.sscard.card.ecard-signing-key", "DEVELOPMENT-ONLY-ecard-key-not-a-secret",
                "mp.jwt.verify.publickey.location", "dev-keys/DEV-ONLY-public-key.pem",
                "sscard.face-check.provider-public-key-location", "dev-keys/DEV-ONLY-face-provider-public-key.pem")));
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("sscard.card.pin-pepper") && problems.get(0).contains("sscard.crypto.blind-index-key")
                && problems.get(0).contains("sscard.crypto.field-keys"), "a development key left in the ring counts");
        assertFalse(problems.get(0).contains("%dev"), "another profile's value is not this profile's problem");
        assertFalse(String.join(" ", problems).contains("not-a-secret") || String.join(" ", problems).contains("real-secret"),
                "values are never printed");
        assertTrue(problems.contains("mp.jwt.verify.publickey.location is a development key"));
        assertTrue(problems.contains("sscard.face-check.provider-public-key-location is a development key"));
    }

    @Test
    void aDevelopmentKeyIsFoundByFilePathAndUriToo() {
        java.nio.file.Path devKey = java.nio.file.Path.of("../dev-keys/DEV-ONLY-public-key.pem").toAbsolutePath().normalize();
        assertTrue(ProductionGuard.isDevelopmentKey("file:" + devKey));
        assertTrue(ProductionGuard.isDevelopmentKey(devKey.toUri().toString()));
        assertTrue(ProductionGuard.isDevelopmentKey(devKey.toString()));
        assertFalse(ProductionGuard.isDevelopmentKey("file:/nonexistent/key.pem"));
    }

    @Test
    void productionValuesPass(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var pair = java.security.KeyPairGenerator.getInstance("RSA");
        pair.initialize(2048);
        String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(pair.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        java.nio.file.Path key = java.nio.file.Files.writeString(dir.resolve("idp.pem"), pem);
        assertEquals(List.of(), ProductionGuard.problems(config(Map.of(
                "sscard.card.pin-pepper", "a real secret from the vault",
                "mp.jwt.verify.publickey.location", "file:" + key))));
    }
}
