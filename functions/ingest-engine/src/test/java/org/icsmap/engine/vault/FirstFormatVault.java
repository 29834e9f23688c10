package org.icsmap.engine.vault;

import org.icsmap.domain.vault.Vault;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.icsmap.domain.port.KeyService;

/**
 * Vault files as {@value Vault#FORMAT_1} was written before blocks (one sealed entry per patient, its pseudonym the
 * associated data), so tests can show they are still read: nothing in the product writes this format any more.
 */
public final class FirstFormatVault {

    private FirstFormatVault() {
    }

    /** A file holding {@code patients} (pseudonym → standardised NHS number) under a fresh data key for {@code context}. */
    public static byte[] write(KeyService keys, Map<String, String> context, Map<String, String> patients) throws GeneralSecurityException {
        KeyService.DataKey dataKey = keys.generateDataKey(context);
        SecretKeySpec key = new SecretKeySpec(dataKey.plaintext(), "AES");
        StringBuilder text = new StringBuilder("#format=" + Vault.FORMAT_1 + "\n#context.ics=" + context.get("ics") + "\n#context.provider="
                + context.get("provider") + "\n#encrypted_data_key=" + Base64.getEncoder().encodeToString(dataKey.encrypted()) + "\n");
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        long counter = 0;
        for (Map.Entry<String, String> patient : patients.entrySet()) {
            byte[] nonce = new byte[12];
            long n = counter++;
            for (int i = 11; i >= 4; i--, n >>>= 8) {
                nonce[i] = (byte) n;
            }
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(patient.getKey().getBytes(StandardCharsets.US_ASCII));
            byte[] ciphertext = cipher.doFinal(patient.getValue().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = new byte[12 + ciphertext.length];
            System.arraycopy(nonce, 0, sealed, 0, 12);
            System.arraycopy(ciphertext, 0, sealed, 12, ciphertext.length);
            text.append(patient.getKey()).append('\t').append(Base64.getEncoder().encodeToString(sealed)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
