#!/usr/bin/env python3
"""Derives icsmap's shipped reference data from NHS ODS epraccur.csv (Open Government Licence v3.0).

Run once by a developer (not by the build):  python3 tools/derive_reference_data.py ../shared/reference/epraccur.csv
It writes, deterministically:
  functions/domain/src/main/resources/org/icsmap/domain/reference/gp_practices.csv   national GP practice codes
  functions/domain/src/main/resources/org/icsmap/domain/reference/postcode_lsoa.csv  SYNTHETIC postcode -> LSOA, IMD
  test-fixtures/src/main/resources/org/icsmap/fixtures/neighbouring_practices.csv    practices around Derbyshire
  config/example-ics.yaml                                                             the example ICS
"""
import csv
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "NHS England Organisation Data Service, epraccur (GP practices), Open Government Licence v3.0"
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# Derbyshire's eight places, by the postcode district of the practice (icsmap's grouping).
PLACES = [
    ("chesterfield", "Chesterfield", ["S40", "S41"], (2, 7)),
    ("bolsover_ne_derbyshire", "Bolsover and North East Derbyshire", ["S18", "S21", "S42", "S43", "S44", "S45", "S80", "NG20"], (2, 8)),
    ("high_peak", "High Peak", ["SK17", "SK22", "SK23", "S32", "S33"], (4, 9)),
    ("derbyshire_dales", "Derbyshire Dales", ["DE4", "DE45", "DE6"], (6, 10)),
    ("amber_valley", "Amber Valley", ["DE5", "DE55", "DE56", "DE75"], (3, 9)),
    ("erewash", "Erewash", ["DE7", "NG10", "DE72"], (3, 8)),
    ("south_derbyshire", "South Derbyshire", ["DE11", "DE12", "DE65", "DE73"], (5, 10)),
    ("derby_city", "Derby City", ["DE1", "DE3", "DE21", "DE22", "DE23", "DE24"], (1, 6)),
]
NEIGHBOURS = {"03N": "Sheffield", "04K": "Nottingham City", "05W": "Stoke-on-Trent", "05D": "East Staffordshire",
              "01Y": "Tameside and Glossop", "04E": "Mansfield and Ashfield"}


def title(name):
    small = {"AND", "OF", "THE", "AT", "ON"}
    words = name.split()
    return " ".join(w.lower() if w in small and i else w.capitalize() for i, w in enumerate(words))


def main(epraccur):
    rows = list(csv.reader(open(epraccur, encoding="latin-1")))
    rng = random.Random(20261122)

    ref = ROOT / "functions/domain/src/main/resources/org/icsmap/domain/reference"
    with open(ref / "gp_practices.csv", "w", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["ods_code", "status", "commissioner"])
        for r in sorted(rows, key=lambda r: r[0]):
            if r[25] == "4":
                w.writerow([r[0], r[12], r[14]])

    fixtures = ROOT / "test-fixtures/src/main/resources/org/icsmap/fixtures"
    neighbours = sorted((r for r in rows if r[12] == "A" and r[25] == "4" and r[14] in NEIGHBOURS), key=lambda r: r[0])
    with open(fixtures / "neighbouring_practices.csv", "w", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["ods_code", "name", "postcode", "commissioner"])
        for r in neighbours:
            w.writerow([r[0], title(r[1]), r[9], r[14]])

    derbyshire = sorted((r for r in rows if r[14] == "15M" and r[12] == "A" and r[25] == "4"), key=lambda r: (r[9], r[0]))
    by_place = defaultdict(list)
    for r in derbyshire:
        district = r[9].split()[0]
        place = next(p for p in PLACES if district in p[2])
        by_place[place[0]].append(r)

    # SYNTHETIC postcode -> LSOA lookup: three invented LSOAs per postcode sector, codes in the unused
    # E0199xxxx range so they can never be mistaken for real ONS codes.
    lsoa_rows = []
    lsoa_seq = [0]

    def sector_lsoas(sector, imd_range, known_postcodes):
        for _ in range(3):
            lsoa_seq[0] += 1
            lsoa = "E0199%04d" % lsoa_seq[0]
            decile = rng.randint(*imd_range)
            units = set()
            while len(units) < 6:
                units.add(sector + rng.choice(INWARD_LETTERS) + rng.choice(INWARD_LETTERS))
            for pc in sorted(units | known_postcodes):
                lsoa_rows.append((pc, lsoa, decile))
            known_postcodes = set()

    seen_sectors = set()
    for place in PLACES:
        for r in by_place[place[0]]:
            sector = r[9][:-2]
            if sector not in seen_sectors:
                seen_sectors.add(sector)
                sector_lsoas(sector, place[3], {r[9]})
    for r in neighbours:
        sector = r[9][:-2]
        if sector not in seen_sectors:
            seen_sectors.add(sector)
            sector_lsoas(sector, (1, 10), {r[9]})
    # A postcode belongs to one LSOA: keep the first.
    unique = {}
    for pc, lsoa, decile in lsoa_rows:
        unique.setdefault(pc, (lsoa, decile))
    with open(ref / "postcode_lsoa.csv", "w", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["postcode", "lsoa", "imd_decile"])
        for pc in sorted(unique):
            w.writerow([pc, *unique[pc]])

    write_config(by_place, unique, rng)


def write_config(by_place, lookup, rng):
    postcodes_by_district = defaultdict(list)
    for pc in sorted(lookup):
        postcodes_by_district[pc.split()[0]].append(pc)
    lines = []
    add = lines.append
    add("# icsmap example ICS: a synthetic, Derbyshire-like Integrated Care System.")
    add("#")
    add("# Real: GP practice ODS codes, names and postcodes (the 115 active GP practices of commissioner 15M,")
    add("#   Derby and Derbyshire), and the NHS trusts' ODS codes and names.")
    add("#   Source: " + SOURCE + ".")
    add("# Synthetic (invented, do not mistake for real data): PCN codes and names, list sizes, care homes")
    add("#   and their CQC ids (1-99xxxxxxxx), the grouping of practices into places by postcode district,")
    add("#   and the data sharing agreements.")
    add("# Derived by tools/derive_reference_data.py; edit by hand freely.")
    add("")
    add("ics:")
    add("  code: QJ2")
    add("  name: Joined Up Care Derbyshire (synthetic example)")
    add("")
    add("providers:")
    providers = [
        ("RFS", "Chesterfield Royal Hospital NHS Foundation Trust", "acute", ["apc", "op", "ed"]),
        ("RTG", "University Hospitals of Derby and Burton NHS Foundation Trust", "acute", ["apc", "op", "ed"]),
        ("RY8", "Derbyshire Community Health Services NHS Foundation Trust", "community", ["community"]),
        ("RXM", "Derbyshire Healthcare NHS Foundation Trust", "mental_health", ["mental_health"]),
        ("RX9", "East Midlands Ambulance Service NHS Trust", "ambulance", ["ambulance"]),
        ("830", "Derbyshire County Council (adult social care)", "social_care", ["social_care"]),
        ("831", "Derby City Council (adult social care)", "social_care", ["social_care"]),
        ("RHQ", "Sheffield Teaching Hospitals NHS Foundation Trust", "out_of_area", ["apc", "op", "ed"]),
        ("QJ2", "NHS Derby and Derbyshire Integrated Care Board (GP data and opt-outs)", "commissioner", ["gp", "opt_out"]),
    ]
    for ods, name, kind, feeds in providers:
        add(f"  - ods: {ods}")
        add(f"    name: {name}")
        add(f"    kind: {kind}")
        add(f"    feeds: [{', '.join(feeds)}]")
        if ods == "RTG":
            add("    # RTG sends admitted patient care in its SUS-style layout; this maps canonical columns to its headers.")
            add("    column_mappings:")
            add("      apc:")
            for canonical, theirs in SUS_APC:
                add(f"        {canonical}: {theirs}")
    add("")
    add("# Places -> primary care networks -> GP practices. list_size: registered patients (synthetic).")
    add("places:")
    pcn_seq = 0
    for code, name, districts, _ in PLACES:
        practices = by_place[code]
        add(f"  - code: {code}")
        add(f"    name: {name}")
        add("    pcns:")
        chunks = [practices[i:i + 4] for i in range(0, len(practices), 4)]
        if len(chunks) > 1 and len(chunks[-1]) < 2:
            chunks[-2].extend(chunks.pop())
        for n, chunk in enumerate(chunks, 1):
            pcn_seq += 1
            add(f"      - code: U9{pcn_seq:04d}")
            add(f"        name: {name} PCN {n}")
            add("        practices:")
            for r in chunk:
                size = int(min(max(rng.lognormvariate(9.0, 0.45), 2500), 28000) // 10 * 10)
                add(f"          - ods: {r[0]}")
                add(f"            name: {title(r[1])}")
                add(f"            postcode: {r[9]}")
                add(f"            list_size: {size}")
    add("")
    add("# Care homes (synthetic names, CQC location ids and postcodes).")
    add("care_homes:")
    seq = 0
    for code, name, districts, _ in PLACES:
        for n in range(5):
            seq += 1
            district = districts[n % len(districts)]
            candidates = postcodes_by_district.get(district) or postcodes_by_district[districts[0]]
            pc = rng.choice(candidates)
            home = rng.choice(["House", "Lodge", "Court", "Grange", "Manor", "View"])
            add(f"  - cqc_location_id: 1-99{seq:08d}")
            add(f"    name: {name.split()[0]} {HOME_NAMES[seq % len(HOME_NAMES)]} {home} (synthetic)")
            add(f"    postcode: {pc}")
            add(f"    beds: {rng.choice([24, 30, 36, 40, 48, 60])}")
    add("")
    add("disclosure_control:")
    add("  suppress_at_or_below: 7")
    add("  round_to: 5")
    add("")
    add("top_n: 10")
    add("")
    add("retention_days:")
    add("  landing: 7")
    add("  quarantine: 90")
    add("  curated: 1095")
    add("  vault: 1095")
    add("  marts: 1095")
    add("  audit: 2920")
    add("")
    add("# Data sharing agreements: which feeds flow from whom, for which purpose, to which recipient roles.")
    add("agreements:")
    add("  - id: JUCD-DSA-01")
    add("    title: Resource consumption map for direct care (each organisation sees its own patients)")
    add("    purpose: direct_care")
    add("    providers: [RFS, RTG, RY8, RXM, RX9, 830, 831, RHQ, QJ2]")
    add("    feeds: [apc, op, ed, community, mental_health, ambulance, gp, social_care]")
    add("    recipients: [own_organisation, reidentification]")
    add("  - id: JUCD-DSA-02")
    add("    title: De-identified population health management aggregates for ICS analysts")
    add("    purpose: population_health_management")
    add("    providers: all")
    add("    feeds: [apc, op, ed, community, mental_health, ambulance, gp, social_care]")
    add("    recipients: [shared_analyst]")
    add("  - id: JUCD-DSA-03")
    add("    title: National data opt-out list, applied before any data is linked")
    add("    purpose: direct_care")
    add("    providers: [QJ2]")
    add("    feeds: [opt_out]")
    add("    recipients: []")
    (ROOT / "config/example-ics.yaml").write_text("\n".join(lines) + "\n")


SUS_APC = [
    ("nhs_number", "NHS_NUMBER"), ("date_of_birth", "PERSON_BIRTH_DATE"), ("sex", "PERSON_STATED_GENDER_CODE"),
    ("postcode", "POSTCODE_USUAL_ADDRESS"), ("gp_practice", "GENERAL_MEDICAL_PRACTICE_CODE"),
    ("provider", "ORGANISATION_CODE_CODE_OF_PROVIDER"), ("activity_id", "EPISODE_IDENTIFIER"),
    ("spell_id", "HOSPITAL_PROVIDER_SPELL_NUMBER"), ("admission_date", "START_DATE_HOSPITAL_PROVIDER_SPELL"),
    ("discharge_date", "DISCHARGE_DATE_HOSPITAL_PROVIDER_SPELL"), ("episode_start_date", "START_DATE_EPISODE"),
    ("episode_end_date", "END_DATE_EPISODE"), ("admission_method", "ADMISSION_METHOD_HOSPITAL_PROVIDER_SPELL"),
    ("pod", "POINT_OF_DELIVERY"), ("hrg", "HRG_CODE"), ("primary_diagnosis", "PRIMARY_DIAGNOSIS_ICD"),
    ("secondary_diagnoses", "SECONDARY_DIAGNOSES_ICD"), ("bed_days", "EPISODE_BED_DAYS"), ("cost", "PLICS_TOTAL_COST"),
]
HOME_NAMES = ["Beech", "Rowan", "Willow", "Oak", "Ash", "Hawthorn", "Larch", "Elm", "Holly", "Birch", "Cedar", "Maple"]

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT.parent / "shared/reference/epraccur.csv"))
