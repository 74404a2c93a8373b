package org.sscard.review;

import org.junit.jupiter.api.Test;
import org.sscard.infra.Layers;

class LayersTest {
    @Test
    void restStaysAtTheEdgeAndTheDomainStandsAlone() {
        Layers.check("org.sscard.review");
    }
}
