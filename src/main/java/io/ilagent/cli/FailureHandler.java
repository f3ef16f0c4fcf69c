package io.ilagent.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns what a command throws into a message and an exit code: {@link UsageError} gives one line per
 * problem and exit 2; anything unexpected gives one line and exit 1, with the stack trace only at -vvv.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        if (ex instanceof UsageError usage) {
            usage.problems().forEach(p -> err.println(name + ": " + p));
            err.println("Run '" + name + " --help' for usage.");
            err.flush();
            return ExitCode.USAGE;
        }
        // The message says what went wrong; the class name helps only a developer, who has -vvv.
        String message = ex.getMessage() == null || ex.getMessage().isBlank() ? ex.toString() : ex.getMessage();
        err.println(name + ": " + message);
        if (verbosity(cmd) >= 3) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCode.FAILED;
    }

    private static int verbosity(CommandLine cmd) {
        Object root = cmd;
        for (CommandLine c = cmd; c != null; c = c.getParent()) {
            root = c.getCommand();
        }
        return root instanceof IlagentCommand top ? top.verbosity() : 0;
    }
}
