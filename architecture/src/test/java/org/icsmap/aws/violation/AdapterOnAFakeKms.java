package org.icsmap.aws.violation;

import org.icsmap.fixtures.aws.FakeKms;

/** Breaks the rule on purpose (ArchitectureRulesBiteTest): production code built on a test double. */
public final class AdapterOnAFakeKms {
    FakeKms kms;
}
