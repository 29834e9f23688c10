package org.icsmap.domain.feed;

import java.util.Locale;

/** Writes docs/feeds.md from the feed definitions, so the documentation cannot drift from the code. */
public final class FeedDocumentation {

    private FeedDocumentation() {
    }

    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Feed specifications\n\n");
        md.append("<!-- Generated from org.icsmap.domain.feed.FeedDefinitions by FeedDocumentationTest: edit the code, not this file. -->\n\n");
        md.append("""
                Every provider extract is a CSV file for one canonical **feed**, one provider and one month (the
                **period**). Providers upload it to `landing/provider=<ODS>/feed=<feed>/period=<YYYY-MM>/<upload-id>.csv`
                (or `.csv.gz`). The file:

                - is UTF-8, with or without a byte order mark; lines end in LF or CRLF;
                - is comma-separated or pipe-separated (the header line decides), fields quoted with `"` when they
                  contain the separator, a quote (doubled) or a line break;
                - may be gzip-compressed (`.csv.gz`);
                - starts with a header line naming every column below, in any order: the canonical names, or the
                  provider's own names when the ICS config gives a `column_mappings` entry for that provider and feed;
                - has one row per activity; a value that is not required may be empty.

                What happens to each column after validation (**handling**) is part of the definition: NHS numbers
                become `person_id` (a keyed HMAC), postcodes become LSOA and IMD decile, dates of birth become year of
                birth and age band, free text is dropped. Nothing identifiable reaches `curated/`.

                A row that fails a check is quarantined with the check's **reason code** (masked: NHS number, postcode
                and date of birth never appear in quarantine files), unless the reason says the row is kept and
                flagged. A file that fails a file-level check is rejected whole and nothing from it is written.
                Every row of an accepted file ends curated, quarantined or counted as opted out.

                **NHS numbers.** Spaces and hyphens are removed; the result must be 10 digits whose last digit is the
                Modulus 11 check digit of the first nine (a remainder giving 10 is never valid). All issuing ranges are
                accepted, including the synthetic test range 9000000000–9999999999; Scotland's CHI date check is not
                applied, since an English ICS links on NHS numbers and a visitor's CHI-shaped number is still only an
                identifier. A missing or invalid NHS number does not quarantine the row: it is kept as unlinked activity
                (it still carries cost) and counted. On the `opt_out` feed, where the NHS number is the whole row, a
                missing or invalid one quarantines the row.

                """);
        md.append("## Feeds\n\n| feed | what | one row is | period date | cost |\n| --- | --- | --- | --- | --- |\n");
        for (Feed feed : Feed.values()) {
            FeedDefinition d = feed.definition();
            md.append("| [`").append(feed.id()).append("`](#").append(feed.id()).append(") | ").append(d.title()).append(" | ").append(d.grain())
                    .append(" | ").append(d.periodDateColumn() == null ? "—" : "`" + d.periodDateColumn() + "`").append(" | ")
                    .append(d.costColumn() == null ? "—" : "`" + d.costColumn() + "`").append(" |\n");
        }
        md.append("""

                ## Activity: how each feed is costed and linked

                Every activity feed's rows become rows of the refresh's costed activity (`costing/costed_activity.sql`,
                one arm per feed generated from these definitions) in common columns: dated by the feed's period date,
                with its point of delivery (`pod`), cost code, bed days (0 where the feed has none) and diagnoses
                (ICD-10, `;`-separated, primary first). A row's cost is the cost the provider supplied, where there is
                one: a patient-level cost (PLICS, `cost_source` `plics`), or a weekly cost pro rata for the days the row
                covers, weekly cost × days / 7 rounded half up to the penny (`weekly_cost`); otherwise the reference unit
                cost for the feed, point of delivery and cost code, times bed days where priced per bed day
                (`reference`); otherwise £0 (`uncosted`, counted rather than lost). Ingest costs the rows it drops by the
                same rule. The person spine has each person's `<feed>_activities` and `<feed>_cost` for every feed below;
                falls and urinary tract infections are counted at acute settings, and a person whose every activity is
                A&E is "A&E only".

                | feed | dated by | cost code | bed days | diagnoses | supplied cost | care home | acute | A&E |
                | --- | --- | --- | --- | --- | --- | --- | --- | --- |
                """);
        for (Feed feed : Feed.activityFeeds()) {
            FeedDefinition d = feed.definition();
            ActivityDefinition a = d.activity().orElseThrow();
            md.append("| `").append(feed.id()).append("` | `").append(d.periodDateColumn()).append("` | `").append(a.costCode()).append("` | ")
                    .append(a.bedDays().map(c -> "`" + c + "`").orElse("—")).append(" | ")
                    .append(a.diagnoses().isEmpty() ? "—" : String.join(", ", a.diagnoses().stream().map(c -> "`" + c + "`").toList())).append(" | ")
                    .append(a.suppliedCost().map(FeedDocumentation::suppliedCost).orElse("—")).append(" | ")
                    .append(a.careHome().map(c -> "`" + c + "`").orElse("—")).append(" | ")
                    .append(a.acute() ? "yes" : "no").append(" | ").append(a.emergencyDepartment() ? "yes" : "no").append(" |\n");
        }
        for (Feed feed : Feed.values()) {
            FeedDefinition d = feed.definition();
            md.append("\n## ").append(feed.id()).append("\n\n").append(d.title()).append(": one row is ").append(d.grain()).append(".");
            if (d.periodDateColumn() != null) {
                md.append(" The row belongs to the period of its `").append(d.periodDateColumn()).append("`.");
            }
            md.append(" Lines longer than ").append(String.format(Locale.ROOT, "%,d", d.maxLineLength())).append(" characters are quarantined `ROW_TOO_LONG`.\n\n");
            md.append("| column | type | required | format | rule | reason code | handling | meaning |\n");
            md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for (Column c : d.columns()) {
                md.append("| `").append(c.name()).append("` | ").append(c.type().trinoType()).append(" | ").append(c.required() ? "yes" : "no")
                        .append(" | ").append(escape(c.format())).append(" | ").append(escape(c.rule().description())).append(" | `")
                        .append(c.rule().reasonCode()).append("`");
                ReasonCode empty = c.reasonWhenEmpty();
                if (empty != null) {
                    md.append(", empty: `").append(empty).append("`");
                }
                md.append(" | ").append(c.handling().description()).append(" | ").append(escape(c.description())).append(" |\n");
            }
        }
        md.append("\n## Reason codes\n\n| code | what happens | meaning |\n| --- | --- | --- |\n");
        for (ReasonCode code : ReasonCode.values()) {
            md.append("| `").append(code).append("` | ").append(switch (code.disposition()) {
                case REJECT_FILE -> "file rejected";
                case QUARANTINE_ROW -> "row quarantined";
                case FLAG -> "row kept, flagged";
                case DROP_DUPLICATE -> "row dropped, counted";
            }).append(" | ").append(escape(code.meaning())).append(" |\n");
        }
        return md.toString();
    }

    private static String suppliedCost(SuppliedCost cost) {
        return switch (cost) {
            case SuppliedCost.PatientLevelCost plics -> "PLICS: `" + plics.column() + "`";
            case SuppliedCost.WeeklyCost weekly -> "weekly: `" + weekly.column() + "` from `" + weekly.from() + "` to `" + weekly.to() + "`";
        };
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
