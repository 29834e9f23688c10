package org.icsmap.domain.violation;

import org.icsmap.engine.hashing.Hash128Set;

/** Breaks the rule on purpose (ArchitectureRulesBiteTest): the domain reaching into a module that depends on it. */
public final class DomainCallingTheEngine {
    Hash128Set seen;
}
