package org.icsmap.engine.vault;

import java.util.LinkedHashMap;
import java.util.Map;
import org.icsmap.domain.nhs.NhsNumber;
import org.icsmap.domain.pseudonymise.Pseudonymiser;

/** Patients for vault tests: valid synthetic NHS numbers (bodies from 900 000 000 on) and their pseudonyms. */
public final class SyntheticPatients {

    private SyntheticPatients() {
    }

    /** {@code count} patients, pseudonym → NHS number in order, from the {@code first}-th candidate number on. */
    public static Map<String, String> of(Pseudonymiser pseudonymiser, int count, int first) {
        Map<String, String> patients = new LinkedHashMap<>();
        for (long body = 900_000_000L + first; patients.size() < count; body++) {
            String number = NhsNumber.withCheckDigit(Long.toString(body));
            if (number != null) {
                patients.put(pseudonymiser.personId(number), number);
            }
        }
        return patients;
    }
}
