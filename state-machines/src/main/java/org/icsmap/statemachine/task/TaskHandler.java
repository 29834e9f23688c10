package org.icsmap.statemachine.task;

/**
 * Runs the work of Task states: maps a {@link TaskRequest} (the state's {@code Resource} and its
 * effective parameters) to the raw result the service would return, or a failure.
 *
 * <p>The interpreter applies ResultSelector, ResultPath, OutputPath, Retry and Catch to what a
 * handler returns, so a handler only does what the service does. A handler that throws is treated
 * like a Java Lambda that throws: the error is the exception's class name and the cause its message.
 * Use {@link TaskRouter} to combine handlers by resource.
 */
@FunctionalInterface
public interface TaskHandler {

    TaskOutcome invoke(TaskRequest request);
}
