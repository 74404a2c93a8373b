package org.sscard.notification.service;

import org.junit.jupiter.api.Test;
import org.sscard.notification.channel.WebhookSigner;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules of callbacks on their own: which hosts production refuses, and the signature a receiver checks. */
class WebhookRulesTest {

    @Test
    void productionRefusesHostsInsideThePlatformsNetwork() {
        for (String host : List.of("127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "0.0.0.0",
                "[::1]", "[fd00::1]", "[fe80::1]", "localhost", "registration-service", "notification.sscard.svc",
                "db.sscard.svc.cluster.local", "printer.internal", "nas.local", "2130706433")) {
            assertTrue(Webhooks.internal(host), host);
        }
        for (String host : List.of("hr.example.com", "8.8.8.8", "[2001:db8::1]", "callbacks.hr-system.cn")) {
            assertFalse(Webhooks.internal(host), host);
        }
    }

    @Test
    void theSignatureIsHmacSha256OfTimestampDotBodyAndAStaleOrAlteredOneFails() {
        String secret = "DEVELOPMENT-ONLY-callback-secret-0123456789";
        String body = "{\"type\":\"ping\"}";
        // the answer computed independently: printf '1700000000.{"type":"ping"}' | openssl dgst -sha256 -hmac "$secret"
        String sig = WebhookSigner.sign(secret, 1_700_000_000L, body);
        assertEquals("v1=e9cd05e16bdeed2350e2574b9297dfd3b9525d57d26dcfd23d1d73859154f285", sig);
        assertTrue(WebhookSigner.verify(secret, "1700000000", sig, body, 1_700_000_100L, 300));
        assertFalse(WebhookSigner.verify(secret, "1700000000", sig, body, 1_700_000_400L, 300), "stale");
        assertFalse(WebhookSigner.verify(secret, "1700000000", sig, body + " ", 1_700_000_100L, 300), "altered body");
        assertFalse(WebhookSigner.verify(secret, "1700000001", sig, body, 1_700_000_100L, 300), "other timestamp");
        assertFalse(WebhookSigner.verify("another-secret-of-at-least-32-chars!!", "1700000000", sig, body,
                1_700_000_100L, 300), "other secret");
    }
}
