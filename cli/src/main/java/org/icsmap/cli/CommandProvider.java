package org.icsmap.cli;

/**
 * A subcommand that a module on the class path adds to {@code icsmap} (found with {@link java.util.ServiceLoader}), so
 * the CLI need not depend on it: the benchmarks, which bring DuckDB.
 */
public interface CommandProvider {

    /** A picocli command object (annotated with {@code @Command}). */
    Object command();
}
