package org.icsmap.domain.ingest;

import java.util.List;
import java.util.Set;
import org.icsmap.domain.feed.ReasonCode;

/**
 * A row that passed validation.
 *
 * @param values typed values in the feed's canonical column order: {@code LocalDate} for dates,
 *               {@code Integer} for whole numbers, {@code BigDecimal} (scale 2) for money, {@code String}
 *               otherwise (NHS numbers standardised to 10 digits, postcodes to {@code AAN NAA} form).
 *               Null for an empty value, a flagged (missing or invalid) NHS number, and free text,
 *               which is checked and then dropped.
 * @param flags  reasons the row is kept but counted: NHS_NUMBER_MISSING, NHS_NUMBER_INVALID
 */
public record AcceptedRow(List<Object> values, Set<ReasonCode> flags) implements RowOutcome {

    public Object value(int canonicalIndex) {
        return values.get(canonicalIndex);
    }
}
