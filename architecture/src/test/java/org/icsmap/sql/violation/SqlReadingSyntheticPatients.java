package org.icsmap.sql.violation;

import org.icsmap.synthetic.SyntheticIcsGenerator;

/** Breaks the rule on purpose (ArchitectureRulesBiteTest): deployed code that knows the synthetic ICS. */
public final class SqlReadingSyntheticPatients {
    SyntheticIcsGenerator generator;
}
