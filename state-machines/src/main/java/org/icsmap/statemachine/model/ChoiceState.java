package org.icsmap.statemachine.model;

import java.util.List;

/** Choice: the first matching rule names the next state, else {@code Default}. */
public record ChoiceState(StateCommon common, List<ChoiceRule> choices, String defaultNext)
        implements State {
}
