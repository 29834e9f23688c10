package org.icsmap.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.icsmap.domain.config.IcsConfig;
import org.icsmap.domain.config.IcsConfigLoader;
import org.icsmap.domain.feed.Feed;
import org.icsmap.domain.feed.FeedDefinition;
import org.icsmap.domain.feed.ReasonCode;
import org.junit.jupiter.api.Test;

class HeaderMatcherTest {

    static final IcsConfig CONFIG = new IcsConfigLoader().load(Path.of("../../config/example-ics.yaml"));
    static final FeedDefinition APC = Feed.APC.definition();

    static ExtractRejectedException mismatch(List<String> header, String provider) {
        ExtractRejectedException e = catchThrowableOfType(ExtractRejectedException.class,
                () -> HeaderMatcher.match(header, APC, CONFIG, provider));
        assertThat(e).as("expected a mismatch").isNotNull();
        assertThat(e.reason()).isEqualTo(ReasonCode.FILE_HEADER_MISMATCH);
        return e;
    }

    @Test
    void canonicalHeaderInCanonicalOrder() throws Exception {
        ColumnLayout layout = HeaderMatcher.match(APC.header(), APC, CONFIG, "RFS");
        assertThat(layout.width()).isEqualTo(APC.columns().size());
        for (int i = 0; i < layout.width(); i++) {
            assertThat(layout.positionOf(i)).isEqualTo(i);
        }
    }

    @Test
    void canonicalHeaderInAnotherOrder() throws Exception {
        List<String> header = new ArrayList<>(APC.header());
        Collections.reverse(header);
        ColumnLayout layout = HeaderMatcher.match(header, APC, CONFIG, "RFS");
        int last = header.size() - 1;
        assertThat(layout.positionOf(0)).isEqualTo(last);
        List<String> values = new ArrayList<>(header);
        assertThat(layout.canonicalValues(values)).containsExactlyElementsOf(APC.header());
    }

    @Test
    void providerMappedHeaderInAnotherOrder() throws Exception {
        List<String> theirs = new ArrayList<>(CONFIG.provider("RTG").orElseThrow().columnMapping(Feed.APC).orElseThrow().providerHeader(Feed.APC));
        Collections.sort(theirs);
        ColumnLayout layout = HeaderMatcher.match(theirs, APC, CONFIG, "RTG");
        String[] canonical = layout.canonicalValues(theirs);
        assertThat(canonical[APC.indexOf("nhs_number")]).isEqualTo("NHS_NUMBER");
        assertThat(canonical[APC.indexOf("episode_end_date")]).isEqualTo("END_DATE_EPISODE");
        assertThat(canonical[APC.indexOf("cost")]).isEqualTo("PLICS_TOTAL_COST");
    }

    @Test
    void missingColumnsAreNamedAsTheProviderWasExpectedToSendThem() {
        List<String> theirs = new ArrayList<>(CONFIG.provider("RTG").orElseThrow().columnMapping(Feed.APC).orElseThrow().providerHeader(Feed.APC));
        theirs.remove("HRG_CODE");
        theirs.remove("START_DATE_EPISODE");
        ExtractRejectedException e = mismatch(theirs, "RTG");
        assertThat(e.getMessage()).contains("provider RTG's column mapping", "missing 'START_DATE_EPISODE (episode_start_date)', 'HRG_CODE (hrg)'")
                .doesNotContain("unexpected", "duplicated");
    }

    @Test
    void unexpectedAndDuplicatedHeaders() {
        List<String> header = new ArrayList<>(APC.header());
        header.add("ward");
        header.add("cost");
        header.remove("pod");
        ExtractRejectedException e = mismatch(header, "RFS");
        assertThat(e.getMessage()).isEqualTo("the header does not match feed apc (canonical column names): missing 'pod'; unexpected 'ward'; "
                + "duplicated 'cost'");
    }

    @Test
    void namesMatchExactly() {
        List<String> header = new ArrayList<>(APC.header());
        header.set(0, "NHS_Number");
        header.set(1, " date_of_birth");
        assertThat(mismatch(header, "RFS").getMessage()).contains("missing 'nhs_number', 'date_of_birth'", "unexpected 'NHS_Number', ' date_of_birth'");
    }

    @Test
    void canonicalHeaderFromAProviderWithAMappingGetsAHint() {
        assertThat(mismatch(APC.header(), "RTG").getMessage()).contains("it has the canonical column names, but the ICS config maps provider RTG");
    }

    @Test
    void aDataRowWhereTheHeaderShouldBeIsNeverEchoed() {
        List<String> dataRow = List.of("9434765919", "1950-01-01", "2", "S40 4TF", "C81084", "RFS", "A1", "S1", "2024-04-01", "", "2024-04-01",
                "2024-04-03", "21", "NEL", "DZ11K", "J18.9", "", "2", "");
        String message = mismatch(dataRow, "RFS").getMessage();
        assertThat(message).contains("only 0 of the 19 expected columns", "does the file start with its header line")
                .doesNotContain("9434765919", "1950-01-01", "S40 4TF");
    }

    @Test
    void hostileHeaderNamesAreCutAndCleaned() {
        List<String> header = new ArrayList<>(APC.header());
        header.add("x".repeat(500) + "\n{\"level\":\"ERROR\"}");
        String message = mismatch(header, "RFS").getMessage();
        assertThat(message).doesNotContain("\n").contains("x".repeat(64) + "…");
    }
}
