package org.sscard.notification;

import org.junit.jupiter.api.Test;
import org.sscard.infra.Layers;

class LayersTest {
    @Test
    void restStaysAtTheEdgeAndTheDomainStandsAlone() {
        Layers.check("org.sscard.notification");
    }
}
