package org.icsmap.statemachine.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** What a task attempt produced: the service's raw result, or an error name and cause. */
public sealed interface TaskOutcome {

    record Succeeded(JsonNode output) implements TaskOutcome {

        public Succeeded {
            Objects.requireNonNull(output, "output (use NullNode for JSON null)");
        }
    }

    /** @param cause may be null, as AWS allows */
    record Failed(String error, String cause) implements TaskOutcome {

        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    static TaskOutcome success(JsonNode output) {
        return new Succeeded(output);
    }

    static TaskOutcome failure(String error, String cause) {
        return new Failed(error, cause);
    }
}
