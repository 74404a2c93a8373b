package org.sscard.review;

import io.quarkus.test.Mock;
import jakarta.inject.Singleton;
import org.sscard.infra.MutableClock;

/** Replaces the system clock in this module's tests. */
@Mock
@Singleton
public class TestClock extends MutableClock {
}
