package org.sscard.platform.security;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * In the {@code prod} profile a service refuses to start with anything published for development: a configured value
 * marked {@code DEVELOPMENT-ONLY} (the PIN pepper, the QR key, the blind-index key, encryption keys), or a
 * verification key that is one of the development keys in {@code dev-keys/} (the token key, the face-verification
 * provider's key). Their private halves are public, so trusting them would let anybody mint tokens and verdicts.
 * {@code ./suite}, the compose file and the system tests run the {@code local} profile, which is production in every
 * other respect.
 */
@ApplicationScoped
public class ProductionGuard {
    private static final Logger LOG = Logger.getLogger(ProductionGuard.class);
    static final String MARK = "DEVELOPMENT-ONLY";
    /** SHA-256 of the DER encoding of the development public keys in dev-keys/. */
    static final Set<String> DEVELOPMENT_KEYS = Set.of(
            "79f28da3b9bcdf4bcf851c7506eac670cf735a1f0021e4e5a5daf7442d416cd9",  // DEV-ONLY-public-key.pem
            "a9ebc782b7fb6dff3fea711e77d7df75e42c9cd1ac5df49ee3d6542411661759"); // DEV-ONLY-face-provider-public-key.pem
    /** Settings that name a verification key to check against the development keys. */
    static final List<String> KEY_LOCATIONS = List.of("mp.jwt.verify.publickey.location",
            "sscard.face-check.provider-public-key-location");

    void onStart(@Observes StartupEvent start) {
        if (!ConfigUtils.getProfiles().contains("prod")) {
            return;
        }
        List<String> problems = problems(ConfigProvider.getConfig());
        if (!problems.isEmpty()) {
            String message = "Refusing to start in the prod profile with development secrets: "
                    + String.join("; ", problems) + ". Configure production keys (docs/security.md), or run the "
                    + "local profile (QUARKUS_PROFILE=local) on a developer's machine.";
            LOG.error(message);
            throw new IllegalStateException(message);
        }
    }

    /** What in {@code config} is meant for development only; names, never values. */
    static List<String> problems(Config config) {
        Set<String> marked = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("%")) {
                continue; // another profile's value
            }
            String value;
            try {
                value = config.getOptionalValue(name, String.class).orElse(null);
            } catch (RuntimeException e) {
                continue; // unresolvable here; the owner of the setting reports it
            }
            if (value != null && value.contains(MARK)) {
                marked.add(name);
            }
        }
        // an environment variable is also listed under a dotted name of its own; name it once
        marked.removeIf(n -> !n.contains("-") && n.equals(n.toLowerCase(java.util.Locale.ROOT))
                && marked.contains(n.toUpperCase(java.util.Locale.ROOT).replace('.', '_')));
        List<String> problems = new ArrayList<>();
        if (!marked.isEmpty()) {
            problems.add("values marked " + MARK + " in " + marked);
        }
        for (String location : KEY_LOCATIONS) {
            Optional<String> where;
            try {
                where = config.getOptionalValue(location, String.class);
            } catch (RuntimeException e) {
                continue;
            }
            where.filter(l -> isDevelopmentKey(l)).ifPresent(l -> problems.add(location + " is a development key"));
        }
        return problems;
    }

    static boolean isDevelopmentKey(String location) {
        byte[] pem = KeyFiles.read(location);
        if (pem == null) {
            return false; // unreadable: the service that uses it fails on it with its own message
        }
        try {
            return DEVELOPMENT_KEYS.contains(fingerprint(KeyFiles.pemBody(pem)));
        } catch (IllegalArgumentException e) {
            return false; // not a PEM key (a JWKS, say): not one of ours
        }
    }

    static String fingerprint(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
