package org.icsmap.domain.pseudonymise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.Period;
import org.junit.jupiter.api.Test;

class AgeBandTest {

    @Test
    void ageIsWhatPeriodBetweenGivesForEveryBirthdayAroundLeapYears() {
        // Every date of birth over four years (two leap days) against every activity day of 2024 and 2025.
        for (LocalDate born = LocalDate.of(1999, 12, 1); born.isBefore(LocalDate.of(2004, 1, 1)); born = born.plusDays(1)) {
            for (LocalDate on = LocalDate.of(2024, 1, 1); on.isBefore(LocalDate.of(2026, 1, 1)); on = on.plusDays(3)) {
                assertThat(AgeBand.ageOn(born, on)).as("%s on %s", born, on).isEqualTo(Period.between(born, on).getYears());
                assertThat(AgeBand.ageOn(ymd(born), ymd(on))).as("%s on %s as YYYYMMDD", born, on).isEqualTo(Period.between(born, on).getYears());
            }
        }
        assertThat(AgeBand.ageOn(LocalDate.of(2000, 2, 29), LocalDate.of(2001, 2, 28))).isZero();
        assertThat(AgeBand.ageOn(LocalDate.of(2000, 2, 29), LocalDate.of(2001, 3, 1))).isEqualTo(1);
        assertThat(AgeBand.ageOn(LocalDate.of(2020, 5, 2), LocalDate.of(2020, 5, 1))).isEqualTo(Period.between(
                LocalDate.of(2020, 5, 2), LocalDate.of(2020, 5, 1)).getYears());
    }

    private static int ymd(LocalDate date) {
        return date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
    }

    @Test
    void bandsAreFiveYearsWideAndPoolNinetyAndOver() {
        assertThat(AgeBand.of(0)).isEqualTo("0-4");
        assertThat(AgeBand.of(4)).isEqualTo("0-4");
        assertThat(AgeBand.of(5)).isEqualTo("5-9");
        assertThat(AgeBand.of(47)).isEqualTo("45-49");
        assertThat(AgeBand.of(89)).isEqualTo("85-89");
        assertThat(AgeBand.of(90)).isEqualTo("90+");
        assertThat(AgeBand.of(115)).isEqualTo("90+");
        assertThatThrownBy(() -> AgeBand.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
