package org.icsmap.domain.violation;

import org.icsmap.domain.feed.Feed;

/** Keeps the rules (ArchitectureRulesBiteTest): the twin that shows the rules pass a class in the same package that breaks nothing. */
public final class CleanDomainRule {
    Feed feed;
}
