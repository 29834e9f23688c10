package org.icsmap.domain.pseudonymise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.icsmap.domain.port.KeyService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PseudonymiserTest {

    /** RFC 4231 test case 2: key "Jefe". HMAC-SHA256's published output, so the precomputed pads are checked against the standard. */
    @Test
    void matchesRfc4231() {
        Pseudonymiser pseudonymiser = Pseudonymiser.derive(key("Jefe".getBytes(StandardCharsets.US_ASCII)));

        assertThat(pseudonymiser.personId("what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    /** RFC 4231 test case 6: a 131-byte key, longer than SHA-256's block, which HMAC hashes first. */
    @Test
    void aKeyLongerThanABlockIsHashedFirst() {
        byte[] key = new byte[131];
        java.util.Arrays.fill(key, (byte) 0xaa);
        Pseudonymiser pseudonymiser = Pseudonymiser.derive(key(key));

        assertThat(pseudonymiser.personId("Test Using Larger Than Block-Size Key - Hash Key First"))
                .isEqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 32, 64, 65, 100})
    void everyFormGivesJavaxCryptoMacsBytes(int keyLength) throws GeneralSecurityException {
        byte[] key = new byte[keyLength];
        Random random = new Random(keyLength);
        random.nextBytes(key);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        Pseudonymiser pseudonymiser = Pseudonymiser.derive(key(key.clone()));
        byte[] out = new byte[Pseudonymiser.BYTES];
        for (int i = 0; i < 2_000; i++) {
            String number = "%010d".formatted(Math.floorMod(random.nextLong(), 10_000_000_000L));
            byte[] expected = mac.doFinal(number.getBytes(StandardCharsets.US_ASCII));

            assertThat(pseudonymiser.personId(number)).isEqualTo(HexFormat.of().formatHex(expected));
            pseudonymiser.personId(number, out);
            assertThat(out).isEqualTo(expected);
            char[] chars = ("x" + number + "y").toCharArray();
            pseudonymiser.personId(chars, 1, 11, out);
            assertThat(out).isEqualTo(expected);
        }
    }

    private static KeyService key(byte[] key) {
        return new KeyService() {
            @Override
            public byte[] pseudonymisationKey(String label) {
                return key.clone();
            }

            @Override
            public DataKey generateDataKey(java.util.Map<String, String> context) {
                throw new UnsupportedOperationException();
            }

            @Override
            public byte[] decryptDataKey(byte[] encryptedKey, java.util.Map<String, String> context) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
