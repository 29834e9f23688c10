package org.icsmap.domain.marts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.icsmap.domain.marts.MartDefinition.Measure;
import org.junit.jupiter.api.Test;

class MartDefinitionTest {

    @Test
    void practicesNestInPcnsWhichNestInPlacesAndPrevalenceByPracticeInPrevalenceByPlace() {
        assertThat(Marts.COST_BY_PRACTICE.parent()).contains(Marts.COST_BY_PCN);
        assertThat(Marts.COST_BY_PCN.parent()).contains(Marts.COST_BY_PLACE);
        assertThat(Marts.COST_BY_PLACE.parent()).isEmpty();
        assertThat(Marts.CONDITION_PREVALENCE_BY_PRACTICE.parent()).contains(Marts.CONDITION_PREVALENCE_BY_PLACE);
        // a parent's cells are its child's group totals
        for (MartDefinition mart : Marts.SHARED) {
            mart.parent().ifPresent(parent -> assertThat(parent.dimensions()).as(mart.name()).isEqualTo(mart.groupColumns()));
        }
    }

    @Test
    void aParentMustBeKeyedByTheGroupColumnsAndHaveEveryCount() {
        MartDefinition byArea = new MartDefinition("by_area", List.of("area"), List.of(), Optional.of("area"), List.of(Measure.count("patients")));
        MartDefinition byCell = new MartDefinition("by_cell", List.of("area", "cell"), List.of("area"), Optional.of("cell"),
                List.of(Measure.count("patients")));
        assertThat(byCell.within(byArea).parent()).contains(byArea);
        assertThatThrownBy(() -> byArea.within(byCell)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be the group columns");
        MartDefinition withActivities = new MartDefinition("by_cell", List.of("area", "cell"), List.of("area"), Optional.of("cell"),
                List.of(Measure.count("patients"), Measure.count("activities")));
        assertThatThrownBy(() -> withActivities.within(byArea)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lacks counts");
    }
}
