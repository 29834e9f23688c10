package org.icsmap.domain.marts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.icsmap.domain.marts.MartDefinition.Measure;
import org.junit.jupiter.api.Test;

class MartDefinitionTest {

    static final String BY_AREA = """
            -- People by area.
            -- mart dimensions: area
            -- mart total column: area
            -- mart count: patients
            -- mart linked: cost to patients
            CREATE VIEW by_area_${snapshot_id} AS SELECT 1
            """;
    static final String BY_CELL = """
            -- mart dimensions: area, cell
            -- mart group columns: area
            -- mart total column: cell
            -- mart parent: by_area
            -- mart count: patients
            -- mart public: registered_patients
            -- mart derived: per_1000 from patients as CAST(patients * 1000 / registered_patients AS decimal(18, 2))
            -- local engine: task_concurrency = 1
            CREATE VIEW by_cell_${snapshot_id} AS SELECT 1
            """;

    @Test
    void aMartIsDefinedByItsFilesMartLinesAndBuiltAfterItsParent() {
        List<MartDefinition> marts = Marts.fromFiles(Map.of("by_cell", BY_CELL, "by_area", BY_AREA, "alone", """
                -- mart dimensions: top_share
                -- mart count: patients
                CREATE VIEW alone_${snapshot_id} AS SELECT 1
                """));
        assertThat(marts).extracting(MartDefinition::name).containsExactly("alone", "by_area", "by_cell");
        MartDefinition byArea = new MartDefinition("by_area", List.of("area"), List.of(), Optional.of("area"),
                List.of(Measure.count("patients"), Measure.linked("cost", "patients")));
        assertThat(marts.get(1)).isEqualTo(byArea);
        assertThat(marts.get(2)).isEqualTo(new MartDefinition("by_cell", List.of("area", "cell"), List.of("area"), Optional.of("cell"),
                List.of(Measure.count("patients"), Measure.published("registered_patients"),
                        Measure.derived("per_1000", "patients", "CAST(patients * 1000 / registered_patients AS decimal(18, 2))"))).within(byArea));
        assertThat(marts.get(2).sqlFile()).isEqualTo("marts/by_cell.sql");
        assertThat(marts.get(0).totalColumn()).isEmpty();
    }

    @Test
    void aMartFileMustDeclareItsDefinitionPlainly() {
        assertThatThrownBy(() -> Marts.fromFiles(Map.of("by_cell", BY_CELL)))
                .hasMessage("marts/by_cell.sql: its parent by_area has no file marts/by_area.sql");
        assertThatThrownBy(() -> Marts.fromFiles(Map.of("plain", "CREATE VIEW plain_${snapshot_id} AS SELECT 1")))
                .hasMessageContaining("marts/plain.sql has no '-- mart dimensions:' line");
        assertThatThrownBy(() -> Marts.fromFiles(Map.of("typo", "-- mart dimensions: a\n-- mart linked: cost by patients\n")))
                .hasMessage("marts/typo.sql line 2: expected '<column> to <count>'");
        assertThatThrownBy(() -> Marts.fromFiles(Map.of("typo", "-- mart dimension: a\n-- mart count: n\n")))
                .hasMessageStartingWith("marts/typo.sql line 1: unknown mart line 'dimension'");
        assertThatThrownBy(() -> Marts.fromFiles(Map.of("loop", "-- mart dimensions: a\n-- mart total column: a\n-- mart parent: loop\n-- mart count: n\n")))
                .hasMessageContaining("nested in itself");
        assertThatThrownBy(() -> Marts.fromFiles(Map.of("counts", "-- mart dimensions: a\n-- mart linked: cost to patients\n")))
                .hasMessageContaining("cost is linked to patients, which is not a count");
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
