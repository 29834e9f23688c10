package org.icsmap.refresh.violation;

import org.icsmap.synthetic.SyntheticIcsGenerator;

/** Breaks the rule on purpose (ArchitectureRulesBiteTest): the refresh-steps Lambda with the synthetic ICS in its jar. */
public final class RefreshStepsGeneratingPatients {
    SyntheticIcsGenerator generator;
}
