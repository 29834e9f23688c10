package org.icsmap.cli;

import java.io.UncheckedIOException;
import org.icsmap.domain.config.InvalidConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The exit-code contract of every command, and the one place exceptions become messages:
 * 0 ok, 1 ran but found failures, 2 bad input (arguments, config, files), 3 access denied, 4 internal error.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILURES_FOUND = 1;
    public static final int BAD_INPUT = 2;
    public static final int ACCESS_DENIED = 3;
    public static final int INTERNAL_ERROR = 4;

    private ExitCodes() {
    }

    static int of(Throwable error) {
        if (error instanceof org.icsmap.cli.marts.MartsQuery.AccessDeniedException) {
            return ACCESS_DENIED;
        }
        if (error instanceof org.icsmap.domain.port.QueryEngine.QueryFailedException) {
            return BAD_INPUT;
        }
        if (error instanceof CommandLine.ParameterException || error instanceof InvalidConfigException
                || error instanceof IllegalArgumentException || error instanceof UserError) {
            return BAD_INPUT;
        }
        if (error instanceof UncheckedIOException || error instanceof java.io.IOException) {
            return BAD_INPUT;
        }
        return INTERNAL_ERROR;
    }

    /** Whether {@code --verbose} was given, to any command. */
    static boolean verbose(ParseResult parseResult) {
        return parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--verbose")) || parseResult.hasMatchedOption("--verbose");
    }

    /** A mistake the user can fix; its message is all they need to see. */
    public static final class UserError extends RuntimeException {
        public UserError(String message) {
            super(message);
        }
    }

    /** Prints the error's message (and the stack trace only with --verbose), then maps it to an exit code. */
    static final class ErrorReporter implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception error, CommandLine commandLine, ParseResult parseResult) {
            boolean verbose = verbose(parseResult);
            commandLine.getErr().println("icsmap: " + message(error));
            if (verbose) {
                error.printStackTrace(commandLine.getErr());
            } else if (of(error) == INTERNAL_ERROR) {
                commandLine.getErr().println("(an internal error: run again with --verbose for the stack trace, and report it)");
            }
            commandLine.getErr().flush();
            return of(error);
        }

        private static String message(Throwable error) {
            if (error instanceof UncheckedIOException io) {
                error = io.getCause();
            }
            if (error instanceof java.nio.file.NoSuchFileException missing) {
                return "no such file: " + missing.getFile();
            }
            String message = error.getMessage();
            return message == null ? error.getClass().getSimpleName() : message;
        }
    }
}
