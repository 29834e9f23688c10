package org.icsmap.domain.audit;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * Ids of uploads and re-identification requests: UUID version 7 (RFC 9562), a 48-bit millisecond timestamp then 74 random bits from a
 * {@link SecureRandom}. Unguessable (a URL for one upload says nothing about another's key), ordered by time
 * as text (so audit records list in the order they were made), and valid under {@link org.icsmap.domain.landing.LandingKey}'s rules (hex digits and hyphens).
 */
public final class TimeOrderedIds {

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TimeOrderedIds(Clock clock) {
        this.clock = clock;
    }

    public String next() {
        ByteBuffer random74 = ByteBuffer.wrap(randomBytes(10));
        long high = (clock.millis() & 0xFFFF_FFFF_FFFFL) << 16 // unix_ts_ms: 48 bits
                | 0x7000L // version 7
                | (random74.getShort() & 0x0FFFL); // rand_a: 12 bits
        long low = 0x8000_0000_0000_0000L // variant 10
                | (random74.getLong() & 0x3FFF_FFFF_FFFF_FFFFL); // rand_b: 62 bits
        return new UUID(high, low).toString();
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
