package org.icsmap.domain.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FeedDefinitionTest {

    private static final List<String> PERSON = List.of("nhs_number", "date_of_birth", "sex", "postcode", "gp_practice", "provider", "activity_id");

    @ParameterizedTest
    @EnumSource(value = Feed.class, names = "OPT_OUT", mode = EnumSource.Mode.EXCLUDE)
    void everyActivityFeedStartsWithThePersonColumnsAndHasAPeriodDate(Feed feed) {
        FeedDefinition definition = feed.definition();
        assertThat(definition.header().subList(0, PERSON.size())).isEqualTo(PERSON);
        assertThat(definition.periodDateColumn()).isNotNull();
        assertThat(definition.column(definition.periodDateColumn()).orElseThrow().rule())
                .isEqualTo(new Rule.Date(true, ((Rule.Date) definition.column(definition.periodDateColumn()).orElseThrow().rule()).notBefore()));
        assertThat(definition.costColumn()).isNotNull();
        assertThat(definition.column(definition.costColumn()).orElseThrow().type()).isEqualTo(ColumnType.MONEY);
    }

    @ParameterizedTest
    @EnumSource(Feed.class)
    void identifiersAreNeverKeptAsTheyArrived(Feed feed) {
        for (Column column : feed.definition().columns()) {
            switch (column.name()) {
                case "nhs_number" -> assertThat(column.handling()).isEqualTo(Handling.PSEUDONYMISE);
                case "postcode" -> assertThat(column.handling()).isEqualTo(Handling.GENERALISE_POSTCODE);
                case "date_of_birth" -> assertThat(column.handling()).isEqualTo(Handling.GENERALISE_DATE_OF_BIRTH);
                default -> assertThat(column.rule()).isNotInstanceOf(Rule.NhsNumber.class);
            }
        }
        assertThat(feed.definition().keptColumns()).extracting(Column::name)
                .doesNotContain("nhs_number", "postcode", "date_of_birth", "presenting_complaint");
    }

    @Test
    void emptyValuesGetTheirOwnReasons() {
        Column nhs = Feed.APC.definition().column("nhs_number").orElseThrow();
        assertThat(nhs.reasonWhenEmpty()).isEqualTo(ReasonCode.NHS_NUMBER_MISSING);
        assertThat(Feed.OPT_OUT.definition().column("nhs_number").orElseThrow().reasonWhenEmpty()).isEqualTo(ReasonCode.REQUIRED_MISSING);
        assertThat(Feed.APC.definition().column("hrg").orElseThrow().reasonWhenEmpty()).isEqualTo(ReasonCode.REQUIRED_MISSING);
        assertThat(Feed.APC.definition().column("cost").orElseThrow().reasonWhenEmpty()).isNull();
    }

    @Test
    void patternsAcceptRealCodesAndRejectNearMisses() {
        assertThat(FeedDefinitions.POSTCODE.matcher("S40 4TF").matches()).isTrue();
        assertThat(FeedDefinitions.POSTCODE.matcher("de221nx").matches()).isTrue();
        assertThat(FeedDefinitions.POSTCODE.matcher("S40 4T").matches()).isFalse();
        assertThat(FeedDefinitions.ICD10.matcher("J44.1").matches()).isTrue();
        assertThat(FeedDefinitions.ICD10.matcher("W19X").matches()).isTrue();
        assertThat(FeedDefinitions.ICD10.matcher("44.1").matches()).isFalse();
        assertThat(FeedDefinitions.ICD10_LIST.matcher("J44.9;E11.9;F03").matches()).isTrue();
        assertThat(FeedDefinitions.ICD10_LIST.matcher("J44.9;;E11.9").matches()).isFalse();
        assertThat(FeedDefinitions.HRG.matcher("DZ65K").matches()).isTrue();
        assertThat(FeedDefinitions.HRG.matcher("DZ65").matches()).isFalse();
    }

    @Test
    void aDefinitionCannotNameAColumnTwiceOrARoleItLacks() {
        Column id = Feed.OP.definition().column("activity_id").orElseThrow();
        assertThatThrownBy(() -> new FeedDefinition(Feed.OP, "t", "g", List.of(id, id), null, Optional.empty(), 10))
                .hasMessage("op defines column activity_id twice");
        assertThatThrownBy(() -> new FeedDefinition(Feed.OP, "t", "g", List.of(id), "appointment_date", Optional.empty(), 10))
                .hasMessage("op has no column appointment_date");
    }

    @Test
    void anActivityIsDatedAndCostedByColumnsItsFeedHas() {
        List<Column> op = Feed.OP.definition().columns();
        assertThatThrownBy(() -> new FeedDefinition(Feed.OP, "t", "g", op, "appointment_date",
                Optional.of(ActivityDefinition.costedBy("hrg").withBedDays("bed_days")), 10))
                .hasMessage("op has no column bed_days");
        assertThatThrownBy(() -> new FeedDefinition(Feed.OP, "t", "g", op, null, Optional.of(ActivityDefinition.costedBy("hrg")), 10))
                .hasMessageContaining("needs a period date");
        assertThat(Feed.activityFeeds()).doesNotContain(Feed.OPT_OUT).hasSize(Feed.values().length - 1);
        assertThat(Feed.OPT_OUT.definition().activity()).isEmpty();
        assertThat(Feed.SOCIAL_CARE.definition().costColumn()).isEqualTo("weekly_cost");
    }

    @Test
    void feedIdsRoundTrip() {
        for (Feed feed : Feed.values()) {
            assertThat(Feed.fromId(feed.id())).contains(feed);
        }
        assertThat(Feed.fromId("APC")).isEmpty();
        assertThat(Feed.MENTAL_HEALTH.id()).isEqualTo("mental_health");
    }
}
