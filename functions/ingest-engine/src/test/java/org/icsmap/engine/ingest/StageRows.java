package org.icsmap.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.icsmap.domain.feed.Feed;

/** Accepted APC rows for the stage tests, made by the validator as ingest makes them. */
final class StageRows {

    private StageRows() {
    }

    static AcceptedRow apc(String column, String value, String... more) {
        Map<String, String> row = RowValidatorTest.apc();
        row.put(column, value);
        for (int i = 0; i < more.length; i += 2) {
            row.put(more[i], more[i + 1]);
        }
        RowOutcome outcome = RowValidatorTest.validate(Feed.APC, "RFS", row);
        assertThat(outcome).isInstanceOf(AcceptedRow.class);
        return (AcceptedRow) outcome;
    }
}
