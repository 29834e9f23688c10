package org.icsmap.sql.violation;

import org.icsmap.cli.ExitCodes;

/** Breaks the rule on purpose (ArchitectureRulesBiteTest): a module the Lambdas use depending on the command line. */
public final class SqlNeedingTheCli {
    ExitCodes codes;
}
