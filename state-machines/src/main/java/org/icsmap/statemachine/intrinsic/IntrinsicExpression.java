package org.icsmap.statemachine.intrinsic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The syntax tree of an intrinsic function call such as {@code States.Format('{}', $.a)}. */
public sealed interface IntrinsicExpression {

    /** A call of {@code name} (e.g. {@code States.Array}) with its arguments. */
    record Call(String name, List<IntrinsicExpression> arguments) implements IntrinsicExpression {
    }

    /**
     * A literal. For string literals {@code raw} keeps the text as written between the quotes,
     * escapes included, because States.Format must tell an escaped {@code \{} from a placeholder.
     */
    record Literal(JsonNode value, String raw) implements IntrinsicExpression {
    }

    /** A path into the input ({@code $...}), the context object ({@code $$...}) or a variable. */
    record PathReference(String path) implements IntrinsicExpression {
    }
}
