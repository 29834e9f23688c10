package org.icsmap.statemachine.violation;

import org.icsmap.local.trino.TrinoLocalQueryEngine;

/** Breaks the rule on purpose (ArchitectureRulesBiteTest): the interpreter naming the local query engine instead of being handed a task handler. */
public final class InterpreterOnTrino {
    TrinoLocalQueryEngine engine;
}
