package io.ilagent.cli;

import io.ilagent.ilert.ApiKey;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.IlertEndpoints;
import io.ilagent.ilert.Outcome;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the one-shot commands share: the integration key with its environment fallback, the client,
 * and turning an {@link Outcome} into one line and an exit code. They never initialise logging,
 * which keeps their start-up short.
 */
final class OneShot {
    private OneShot() {}

    static String integrationKey(Optional<String> flag, Environment env) {
        return flag.filter(k -> !k.isBlank())
                .or(() -> env.get(Environment.INTEGRATION_KEY))
                .map(String::strip)
                .orElseThrow(() -> new UsageError(
                        "no integration key: pass -k/--integration_key or set " + Environment.INTEGRATION_KEY));
    }

    static IlertClient client(IlertEndpoints endpoints) {
        // Events and pings authenticate by integration key; the user API key is never sent with them.
        return IlertClient.create(endpoints, Optional.<ApiKey>empty(), new VersionInfo().userAgent());
    }

    static int report(CommandSpec spec, int verbosity, String what, Outcome<?> outcome) {
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName();
        int code = switch (outcome) {
            case Outcome.Success<?> s -> {
                if (verbosity >= 2) {
                    err.println(name + ": " + what + " accepted by ilert (HTTP " + s.status() + ")");
                }
                yield ExitCode.OK;
            }
            case Outcome.RetryLater<?> r -> {
                err.println(name + ": " + what + " not delivered, try again later: " + r.reason());
                yield ExitCode.TEMPORARY;
            }
            case Outcome.Failed<?> f -> {
                err.println(name + ": " + what + " rejected: " + f.reason());
                yield ExitCode.FAILED;
            }
        };
        err.flush();
        return code;
    }

    static int verbosity(CommandSpec spec) {
        return spec.root().userObject() instanceof IlagentCommand top ? top.verbosity() : 0;
    }
}
