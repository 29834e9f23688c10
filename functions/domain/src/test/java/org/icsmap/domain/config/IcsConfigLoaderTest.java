package org.icsmap.domain.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.icsmap.domain.config.IcsConfig.DisclosureControl;
import org.icsmap.domain.feed.Feed;
import org.junit.jupiter.api.Test;

/** One test per rule and per default: each bad config gets its precise message (file:line:column: field: what, allowed). */
class IcsConfigLoaderTest {

    /** The smallest valid config; each test changes one thing. */
    private static final String MINIMAL = """
            ics:
              code: QJ2
              name: Test ICS
            providers:
              - ods: RFS
                name: Chesterfield Royal
                kind: acute
                feeds: [apc, ed]
            places:
              - code: chesterfield
                name: Chesterfield
                pcns:
                  - code: U00001
                    name: Chesterfield PCN 1
                    practices:
                      - ods: C81001
                        name: Springs Health Centre
                        postcode: S43 4PL
                        list_size: 9000
            agreements:
              - id: DSA-1
                purpose: direct_care
                providers: [RFS]
                feeds: [apc, ed]
                recipients: [own_organisation]
            """;

    private final IcsConfigLoader loader = new IcsConfigLoader();

    private IcsConfig load(String yaml) {
        return loader.parse("ics.yaml", yaml);
    }

    private List<String> problems(String yaml) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> load(yaml));
        assertThat(e).as("expected the config to be rejected").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    private static String with(String from, String to) {
        assertThat(MINIMAL).contains(from);
        int at = MINIMAL.indexOf(from);
        return MINIMAL.substring(0, at) + to + MINIMAL.substring(at + from.length());
    }

    @Test
    void theMinimalConfigLoadsWithEveryDefault() {
        IcsConfig config = load(MINIMAL);
        assertThat(config.code()).isEqualTo("QJ2");
        assertThat(config.disclosureControl()).isEqualTo(new DisclosureControl(7, 5));
        assertThat(config.topN()).isEqualTo(10);
        assertThat(config.retentionDays()).isEqualTo(IcsConfig.DEFAULT_RETENTION_DAYS);
        assertThat(config.retentionDays().get(Zone.LANDING)).isEqualTo(7);
        assertThat(config.retentionDays().get(Zone.AUDIT)).isEqualTo(2920);
        assertThat(config.careHomes()).isEmpty();
        assertThat(config.practice("C81001")).get().extracting(IcsConfig.GpPractice::listSize).isEqualTo(9000);
        assertThat(config.provider("RFS").orElseThrow().feeds()).containsExactlyInAnyOrder(Feed.APC, Feed.ED);
        assertThat(config.mayReceive("RFS", Feed.APC)).isTrue();
        assertThat(config.mayReceive("RFS", Feed.OP)).isFalse();
        assertThat(config.mayReceive("RTG", Feed.APC)).isFalse();
        assertThat(config.purposesFor(RecipientRole.OWN_ORGANISATION)).containsExactly(Purpose.DIRECT_CARE);
    }

    @Test
    void theExampleIcsLoads() {
        IcsConfig config = loader.load(Path.of("../../config/example-ics.yaml"));
        assertThat(config.places()).hasSize(8);
        assertThat(config.practices().count()).isEqualTo(115);
        assertThat(config.providers()).extracting(IcsConfig.Provider::kind).contains(ProviderKind.ACUTE, ProviderKind.COMMUNITY,
                ProviderKind.MENTAL_HEALTH, ProviderKind.AMBULANCE, ProviderKind.SOCIAL_CARE, ProviderKind.OUT_OF_AREA);
        assertThat(config.providers().stream().filter(p -> p.kind() == ProviderKind.ACUTE)).hasSize(2);
        assertThat(config.provider("RTG").orElseThrow().columnMapping(Feed.APC)).get()
                .extracting(m -> m.providerColumnFor().get("nhs_number")).isEqualTo("NHS_NUMBER");
        assertThat(config.careHomes()).isNotEmpty();
        for (IcsConfig.Provider provider : config.providers()) {
            for (Feed feed : provider.feeds()) {
                assertThat(config.mayReceive(provider.ods(), feed)).as(provider.ods() + " " + feed).isTrue();
            }
        }
    }

    @Test
    void configuredValuesOverrideDefaults() {
        IcsConfig config = load(MINIMAL + """
                disclosure_control:
                  suppress_at_or_below: 10
                  round_to: 10
                top_n: 25
                retention_days:
                  landing: 3
                care_homes:
                  - cqc_location_id: 1-123456789
                    name: Oak House
                    postcode: S40 1AA
                    beds: 40
                """);
        assertThat(config.disclosureControl()).isEqualTo(new DisclosureControl(10, 10));
        assertThat(config.topN()).isEqualTo(25);
        assertThat(config.retentionDays().get(Zone.LANDING)).isEqualTo(3);
        assertThat(config.retentionDays().get(Zone.QUARANTINE)).isEqualTo(90);
        assertThat(config.careHomes()).singleElement().extracting(IcsConfig.CareHome::beds).isEqualTo(40);
    }

    @Test
    void unknownFieldsAreNamedWithWhatIsAllowed() {
        assertThat(problems(MINIMAL + "colour: blue\n")).containsExactly(
                "ics.yaml:26:1: colour: unknown field 'colour'; allowed here: ics, providers, places, care_homes, disclosure_control, top_n, retention_days, agreements");
        assertThat(problems(with("    kind: acute\n", "    kind: acute\n    website: x\n"))).containsExactly(
                "ics.yaml:8:5: providers[0].website: unknown field 'website'; allowed here: ods, name, kind, feeds, column_mappings");
    }

    @Test
    void missingRequiredFields() {
        assertThat(problems(with("  name: Test ICS\n", ""))).containsExactly("ics.yaml:2:3: ics.name: missing required field");
        assertThat(problems(MINIMAL.substring(0, MINIMAL.indexOf("agreements:")))).containsExactly(
                "ics.yaml:1:1: agreements: missing required field; expected a list");
    }

    @Test
    void badIcsCode() {
        assertThat(problems(with("code: QJ2", "code: qj2"))).containsExactly(
                "ics.yaml:2:9: ics.code: 'qj2' is not valid; expected an ICS (ICB) ODS code of 3 to 5 capital letters or digits, e.g. QJ2");
    }

    @Test
    void providerKindMustBeKnown() {
        assertThat(problems(with("kind: acute", "kind: hospital"))).containsExactly(
                "ics.yaml:7:11: providers[0].kind: 'hospital' is not a provider kind; allowed: acute, community, mental_health, ambulance, gp, social_care, out_of_area, commissioner");
    }

    @Test
    void providersAreListedOnce() {
        String twice = with("places:", """
                  - ods: RFS
                    name: Again
                    kind: acute
                    feeds: [apc]
                places:""");
        assertThat(problems(twice)).containsExactly("ics.yaml:9:10: providers[1].ods: provider RFS is listed twice; each ODS code appears once");
    }

    @Test
    void feedsMustBeKnownAndListedOnce() {
        assertThat(problems(with("    feeds: [apc, ed]\n", "    feeds: [apc, ed, xray, ed]\n"))).containsExactly(
                "ics.yaml:8:22: providers[0].feeds[2]: 'xray' is not a feed; allowed: apc, op, ed, community, mental_health, ambulance, gp, social_care, opt_out",
                "ics.yaml:8:28: providers[0].feeds[3]: ed is listed twice");
    }

    @Test
    void columnMappingsNameRealFeedsAndColumns() {
        String mapped = with("    feeds: [apc, ed]\n", """
                    feeds: [apc, ed]
                    column_mappings:
                      apc:
                        nhs_number: NHS_NO
                        episode: EPI
                        hrg: NHS_NO
                      op:
                        activity_id: ATT_ID
                """);
        assertThat(problems(mapped)).containsExactly(
                "ics.yaml:12:9: providers[0].column_mappings.apc.episode: unknown field 'episode'; allowed here: nhs_number, date_of_birth, sex, postcode, gp_practice, provider, activity_id, spell_id, admission_date, discharge_date, episode_start_date, episode_end_date, admission_method, pod, hrg, primary_diagnosis, secondary_diagnoses, bed_days, cost",
                "ics.yaml:13:14: providers[0].column_mappings.apc.hrg: header 'NHS_NO' is already mapped to nhs_number; each header maps one column",
                "ics.yaml:14:7: providers[0].column_mappings.op: provider RFS maps feed op but does not list it in feeds; add it to feeds or remove the mapping");
    }

    @Test
    void unmappedColumnsKeepTheirCanonicalNames() {
        IcsConfig config = load(with("    feeds: [apc, ed]\n", """
                    feeds: [apc, ed]
                    column_mappings:
                      apc:
                        nhs_number: NHS_NO
                """));
        List<String> header = config.provider("RFS").orElseThrow().columnMapping(Feed.APC).orElseThrow().providerHeader(Feed.APC);
        assertThat(header.getFirst()).isEqualTo("NHS_NO");
        assertThat(header.subList(1, header.size())).isEqualTo(Feed.APC.definition().header().subList(1, header.size()));
    }

    @Test
    void practicesMustBeRealWellFormedAndUnique() {
        assertThat(problems(with("ods: C81001", "ods: C8100"))).containsExactly(
                "ics.yaml:16:18: places[0].pcns[0].practices[0].ods: 'C8100' is not valid; expected a GP practice ODS code: a letter and five digits, e.g. C81001");
        assertThat(problems(with("ods: C81001", "ods: Z99999"))).containsExactly(
                "ics.yaml:16:18: places[0].pcns[0].practices[0].ods: Z99999 is not a GP practice in the national list (ODS epraccur); check the code");
        String twice = with("            list_size: 9000\n", """
                            list_size: 9000
                          - ods: C81001
                            name: Same again
                            postcode: S43 4PL
                            list_size: 10
                """);
        assertThat(problems(twice)).containsExactly(
                "ics.yaml:20:18: places[0].pcns[0].practices[1].ods: practice C81001 is listed twice (a practice belongs to one PCN)");
    }

    @Test
    void practiceFieldsHaveTypesAndRanges() {
        assertThat(problems(with("list_size: 9000", "list_size: lots"))).containsExactly(
                "ics.yaml:19:24: places[0].pcns[0].practices[0].list_size: 'lots' is not a whole number; allowed: 1 to 200000");
        assertThat(problems(with("list_size: 9000", "list_size: 0"))).containsExactly(
                "ics.yaml:19:24: places[0].pcns[0].practices[0].list_size: 0 is out of range; allowed: 1 to 200000");
        assertThat(problems(with("postcode: S43 4PL", "postcode: S43"))).containsExactly(
                "ics.yaml:18:23: places[0].pcns[0].practices[0].postcode: 'S43' is not valid; expected a UK postcode in capitals with its space, e.g. S40 4TF");
    }

    @Test
    void placesAndPcnsHaveCodes() {
        assertThat(problems(with("code: chesterfield", "code: Chesterfield"))).containsExactly(
                "ics.yaml:10:11: places[0].code: 'Chesterfield' is not valid; expected lower-case letters, digits and _ (starting with a letter), e.g. chesterfield");
        assertThat(problems(with("code: U00001", "code: PCN1"))).containsExactly(
                "ics.yaml:13:15: places[0].pcns[0].code: 'PCN1' is not valid; expected a PCN ODS code: U and five digits, e.g. U12345");
        assertThat(problems(with("places:\n", "places: []\nx:\n"))).contains(
                "ics.yaml:9:9: places: the list is empty; at least one entry is needed");
    }

    @Test
    void careHomesAreChecked() {
        assertThat(problems(MINIMAL + """
                care_homes:
                  - cqc_location_id: 123
                    name: Oak House
                    postcode: S40 1AA
                """)).containsExactly(
                "ics.yaml:27:5: care_homes[0].beds: missing required field; expected a whole number from 1 to 1000",
                "ics.yaml:27:22: care_homes[0].cqc_location_id: '123' is not valid; expected a CQC location id: 1- and 6 to 11 digits, e.g. 1-123456789");
    }

    @Test
    void disclosureControlAndTopNRanges() {
        assertThat(problems(MINIMAL + "disclosure_control:\n  suppress_at_or_below: -1\n  round_to: 0\ntop_n: 0\n")).containsExactly(
                "ics.yaml:27:25: disclosure_control.suppress_at_or_below: -1 is out of range; allowed: 0 to 100",
                "ics.yaml:28:13: disclosure_control.round_to: 0 is out of range; allowed: 1 to 100",
                "ics.yaml:29:8: top_n: 0 is out of range; allowed: 1 to 1000");
    }

    @Test
    void retentionZonesMustBeKnown() {
        assertThat(problems(MINIMAL + "retention_days:\n  raw: 3\n")).containsExactly(
                "ics.yaml:27:3: retention_days.raw: unknown field 'raw'; allowed here: landing, quarantine, curated, vault, marts, audit");
    }

    @Test
    void agreementsReferToKnownProvidersPurposesAndRoles() {
        String bad = MINIMAL.replace("purpose: direct_care", "purpose: marketing").replace("providers: [RFS]", "providers: [RFS, RTG]")
                .replace("recipients: [own_organisation]", "recipients: [everyone]");
        assertThat(problems(bad)).containsExactly(
                "ics.yaml:22:14: agreements[0].purpose: 'marketing' is not a purpose; allowed: direct_care, population_health_management, planning",
                "ics.yaml:23:22: agreements[0].providers[1]: 'RTG' is not a provider in this config; allowed: RFS",
                "ics.yaml:25:18: agreements[0].recipients[0]: 'everyone' is not a recipient role; allowed: shared_analyst, own_organisation, reidentification");
    }

    @Test
    void allProvidersIsAllowed() {
        IcsConfig config = load(with("providers: [RFS]", "providers: all"));
        assertThat(config.agreements().getFirst().coversAllProviders()).isTrue();
        assertThat(config.mayReceive("RFS", Feed.ED)).isTrue();
    }

    @Test
    void everyFeedAProviderSendsFlowsUnderAnAgreement() {
        assertThat(problems(MINIMAL.replace("    feeds: [apc, ed]\n    recipients", "    feeds: [apc]\n    recipients")))
                .containsExactly("ics.yaml:8:12: providers[0].feeds: provider RFS lists feed ed but no agreement covers it; add it to an agreement's feeds (and providers) or remove it");
    }

    @Test
    void anOdsCodeNamesOneOrganisation() {
        String clash = MINIMAL.replace("  - ods: RFS\n", "  - ods: C81001\n").replace("providers: [RFS]", "providers: [C81001]");
        assertThat(problems(clash)).containsExactly(
                "ics.yaml:5:10: providers[0].ods: C81001 is also a GP practice under places; an ODS code names one organisation");
    }

    @Test
    void yamlSyntaxErrorsHaveTheirPosition() {
        assertThat(problems("ics:\n  code: [QJ2\n  name: x\n")).singleElement().asString().startsWith("ics.yaml:3:").contains("not valid YAML");
        assertThat(problems("")).containsExactly("ics.yaml: the file is empty; an ICS config needs at least ics, providers, places and agreements");
        assertThat(problems("- a\n- b\n")).containsExactly("ics.yaml:1:1: (top level): expected a mapping of field: value, found a list");
        assertThat(problems(MINIMAL + "top_n: 5\ntop_n: 6\n")).containsExactly("ics.yaml:27:1: top_n: field 'top_n' appears twice");
    }

    @Test
    void wrongShapesAreNamed() {
        assertThat(problems(with("    feeds: [apc, ed]\n", "    feeds: apc\n"))).contains(
                "ics.yaml:8:12: providers[0].feeds: expected a list, found a single value");
        assertThat(problems(with("  name: Test ICS\n", "  name: [a, b]\n"))).containsExactly(
                "ics.yaml:3:9: ics.name: expected a single value, found a list");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String bad = MINIMAL.replace("code: QJ2", "code: q").replace("kind: acute", "kind: x").replace("list_size: 9000", "list_size: -5");
        assertThat(problems(bad)).hasSize(3);
    }

    @Test
    void unreadableFileIsAProblemToo() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.load(Path.of("no/such/ics.yaml")));
        assertThat(e.problems()).singleElement().asString().startsWith("no/such/ics.yaml: cannot read the file (NoSuchFileException");
        assertThat(Set.of(e.getMessage().split("\n")).size()).isEqualTo(2);
    }
}
