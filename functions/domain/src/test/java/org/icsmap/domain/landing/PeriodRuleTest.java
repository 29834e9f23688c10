package org.icsmap.domain.landing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.feed.ReasonCode;
import org.junit.jupiter.api.Test;

/** The one rule for periods, at its edges, by a fixed clock. */
class PeriodRuleTest {

    private static final IcsConfig CONFIG = new IcsConfigLoader().load(Path.of("../../config/example-ics.yaml"));
    /** Half past midnight on 1 July in London, still 30 June in UTC. */
    private static final Clock JULY_IN_LONDON = Clock.fixed(Instant.parse("2026-06-30T23:30:00Z"), ZoneOffset.UTC);

    private final PeriodRule rule = PeriodRule.of(CONFIG, JULY_IN_LONDON);

    @Test
    void aMonthHasBegunByEnglishTime() {
        assertThat(rule.check("2026-07")).isEqualTo(new PeriodRule.Accepted(YearMonth.of(2026, 7)));
        assertThat(rule.check("2026-08")).isInstanceOf(PeriodRule.OutOfRange.class);
    }

    @Test
    void theEarliestMonthIsTheOneTheCuratedZoneStillKeeps() {
        // 1095 days before 1 July 2026 is 2 July 2023: July 2023 is the earliest month.
        assertThat(rule.check("2023-07")).isInstanceOf(PeriodRule.Accepted.class);
        assertThat(rule.check("2023-06")).isInstanceOf(PeriodRule.OutOfRange.class);
    }

    @Test
    void finding9_landingKeysOfPeriodsOutOfRangeAreRejectedWithoutQuotingThem() {
        for (String period : new String[] {"2100-01", "9999-01", "0000-01"}) {
            LandingKey.Result parsed = LandingKey.parse("landing/provider=RFS/feed=apc/period=" + period + "/u-1.csv", rule);

            assertThat(parsed.ok()).as(period).isFalse();
            assertThat(parsed.problem().reason()).as(period).isEqualTo(ReasonCode.FILE_PERIOD_OUT_OF_RANGE);
            assertThat(parsed.problem().message()).as(period).doesNotContain(period);
        }
        assertThat(LandingKey.parse("landing/provider=RFS/feed=apc/period=2026-13/u-1.csv", rule).problem().reason())
                .isEqualTo(ReasonCode.FILE_PERIOD_INVALID);
    }
}
