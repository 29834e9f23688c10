package org.icsmap.domain.port;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlScriptTest {

    @Test
    void placeholdersBecomeOneSqlTokenEach() {
        SqlScript script = SqlScript.of("marts/cost.sql", """
                CREATE TABLE cost_${snapshot_id} WITH (external_location = ${location}) AS
                SELECT * FROM t WHERE org = ${org} AND n > ${n} AND d >= ${since};
                """)
                .with("snapshot_id", SqlValue.identifier("s20240301"))
                .with("location", SqlValue.location("icsmap-marts", "marts/snapshot=s20240301/cost/"))
                .with("org", SqlValue.text("O'Brien's"))
                .with("n", SqlValue.number(new BigDecimal("1E+3")))
                .with("since", SqlValue.date(LocalDate.of(2024, 2, 29)));

        assertThat(script.render()).isEqualTo("""
                CREATE TABLE cost_s20240301 WITH (external_location = 's3://icsmap-marts/marts/snapshot=s20240301/cost/') AS
                SELECT * FROM t WHERE org = 'O''Brien''s' AND n > 1000 AND d >= DATE '2024-02-29'""");
    }

    @Test
    void aPlaceholderWithoutAValueNamesTheFile() {
        assertThatThrownBy(() -> SqlScript.of("marts/cost.sql", "SELECT ${missing}").render())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("marts/cost.sql: no value for ${missing}");
    }

    @Test
    void aValueWithoutAPlaceholderIsATypo() {
        assertThatThrownBy(() -> SqlScript.of("a.sql", "SELECT ${snapshot}").with("snapshot", SqlValue.number(1)).with("snaphsot", SqlValue.number(2)).render())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a.sql: parameters not used by the SQL: [snaphsot]");
    }

    @Test
    void malformedPlaceholdersAreRefused() {
        assertThatThrownBy(() -> SqlScript.of("a.sql", "SELECT ${Bad-Name}").render())
                .hasMessage("a.sql: malformed placeholder ${Bad-Name}");
        assertThatThrownBy(() -> SqlScript.of("a.sql", "SELECT ${open").render())
                .hasMessage("a.sql: unterminated placeholder");
    }

    @Test
    void textValuesMayContainPlaceholderLookalikes() {
        assertThat(SqlScript.of("a.sql", "SELECT ${t}").with("t", SqlValue.text("${x}")).render()).isEqualTo("SELECT '${x}'");
    }

    @Test
    void valuesThatCouldChangeTheStatementAreRefused() {
        assertThatThrownBy(() -> SqlValue.identifier("t; DROP TABLE x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SqlValue.identifier("Upper")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SqlValue.text("line\nbreak")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SqlValue.Location("s3://bucket/it's")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SqlValue.Location("file:///tmp/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SqlValue.Location("s3://bucket/a/../b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SqlValue.Location("s3://bucket//a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void locationsResolveKeysBelowThem() {
        SqlValue.Location marts = SqlValue.location("icsmap-marts", "marts");
        assertThat(marts.resolve("snapshot=7/").uri()).isEqualTo("s3://icsmap-marts/marts/snapshot=7/");
        assertThat(SqlValue.location("icsmap-marts", "marts/").resolve("org=RX1/").render()).isEqualTo("'s3://icsmap-marts/marts/org=RX1/'");
    }

    @Test
    void sqlFilesLoadFromTheClasspathUnderSql() {
        assertThatThrownBy(() -> SqlScript.fromResource("no/such.sql"))
                .hasMessage("no SQL file on the classpath at sql/no/such.sql");
    }

    @Test
    void toStringShowsParameterNamesNotValues() {
        assertThat(SqlScript.of("a.sql", "SELECT ${t}").with("t", SqlValue.text("secret")).toString())
                .isEqualTo("SqlScript[a.sql, parameters=[t]]").doesNotContain("secret");
    }
}
