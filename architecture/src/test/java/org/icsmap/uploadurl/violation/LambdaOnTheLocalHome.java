package org.icsmap.uploadurl.violation;

import org.icsmap.local.DirectoryObjectStore;

/** Breaks the rule on purpose (ArchitectureRulesBiteTest): a Lambda that would ship the local home's directory store. */
public final class LambdaOnTheLocalHome {
    DirectoryObjectStore store;
}
