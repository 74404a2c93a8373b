package org.sscard.platform.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** PEM public keys at a location as the services name them: {@code file:}, {@code classpath:} or a plain path. */
public final class KeyFiles {

    /** The bytes at {@code location}, or null when there is nothing there. */
    public static byte[] read(String location) {
        try {
            if (location.startsWith("file:")) {
                return Files.readAllBytes(Path.of(URI.create(location.startsWith("file://") ? location
                        : "file://" + location.substring(5))));
            }
            String resource = location.startsWith("classpath:") ? location.substring(10) : location;
            Path path = Path.of(resource);
            if (Files.isRegularFile(path)) {
                return Files.readAllBytes(path);
            }
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(
                    resource.startsWith("/") ? resource.substring(1) : resource)) {
                return in == null ? null : in.readAllBytes();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The DER body of a PEM document ({@code -----BEGIN PUBLIC KEY-----} ...). */
    public static byte[] pemBody(byte[] pem) {
        String body = new String(pem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    /** The RSA public key at {@code location}; fails with the location in the message. */
    public static PublicKey rsaPublicKey(String location) {
        byte[] pem = read(location);
        if (pem == null) {
            throw new IllegalStateException("no public key at " + location);
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(pemBody(pem)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("not a PEM RSA public key: " + location, e);
        }
    }

    private KeyFiles() {
    }
}
