package io.ilagent.cli;

import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.Outcome;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "heartbeat", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Ping one heartbeat and exit. Keys starting with il1hbt use the legacy heartbeat API.",
                "Exit codes: 0 accepted, 1 rejected by ilert, 2 bad flags, 75 ilert not reachable (try again)."})
public final class HeartbeatCommand implements Callable<Integer> {
    private final Environment env;

    @Spec
    CommandSpec spec;

    @Mixin
    IlertOptions ilert = new IlertOptions();

    @Option(names = {"-k", "--integration_key"}, paramLabel = "KEY",
            description = "Heartbeat integration key (env ILERT_INTEGRATION_KEY).")
    String integrationKey;

    public HeartbeatCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        String key = OneShot.integrationKey(Optional.ofNullable(integrationKey), env);
        Outcome<Void> outcome;
        try (IlertClient client = OneShot.client(ilert.endpoints(env))) {
            outcome = client.pingHeartbeat(key);
        }
        return OneShot.report(spec, OneShot.verbosity(spec), "heartbeat ping", outcome);
    }
}
