package org.icsmap.statemachine.model;

/** One state of a state machine or branch; each kind is a record holding its own fields. */
public sealed interface State
        permits PassState, TaskState, ChoiceState, WaitState, SucceedState, FailState, ParallelState,
                MapState {

    StateCommon common();

    default String name() {
        return common().name();
    }
}
