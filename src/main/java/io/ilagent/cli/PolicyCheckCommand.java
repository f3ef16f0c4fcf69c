package io.ilagent.cli;

import io.ilagent.config.ConfigValidator;
import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeliveryResult;
import io.ilagent.delivery.WorkCodec;
import io.ilagent.ilert.ApiKey;
import io.ilagent.ilert.CallObserver;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.RateLimitGate;
import io.ilagent.ilert.RateLimitObserver;
import io.ilagent.policy.DriftCheck;
import io.ilagent.policy.DriftCheck.Finding;
import io.ilagent.policy.PolicyAudit;
import io.ilagent.policy.PolicySync;
import io.ilagent.policy.PolicyUpdateHandler;
import io.ilagent.policy.UserCache;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Compare each level the agent set with the users ilert holds on it now, and print one line per "
                + "level changed since (drift); the history records it (DRIFT). Needs ILERT_API_KEY.",
                "Exit codes: 0 none drifted (or all repaired), 1 some drifted or cannot be checked, 2 bad flags, "
                        + "75 ilert not reachable (try again)."})
public final class PolicyCheckCommand implements Callable<Integer> {
    private final Environment env;

    @Spec
    CommandSpec spec;

    @Option(names = "--repair", description = "Put the agent's user back on each drifted level: the same PUT as an update "
            + "(keeping the level's timeout), recorded in the history, and never over a newer update.")
    boolean repair;

    @Mixin
    IlertOptions ilert = new IlertOptions();

    @Mixin
    ApiRateOptions apiRate = new ApiRateOptions();

    public PolicyCheckCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        ConfigValidator.apiRate(apiRate.perMinute).ifPresent(problem -> {
            throw new UsageError(problem);
        });
        ApiKey key = env.get(Environment.API_KEY).flatMap(ApiKey::fromEnv).orElseThrow(() -> new UsageError(
                "needs the environment variable " + Environment.API_KEY + " (a user API key that may read escalation policies)"));
        Path file = ((IlagentCommand) spec.root().userObject()).databaseFile();
        if (!Files.isRegularFile(file)) {
            throw new UsageError("No ilagent database at " + file + ": pass the daemon's file with -f FILE");
        }
        Clock clock = Clock.systemUTC();
        try (Database db = Database.open(file, clock);
             IlertClient client = IlertClient.create(ilert.endpoints(env), Optional.of(key),
                     new VersionInfo().userAgent(), CallObserver.NONE,
                     RateLimitGate.withRestBudget(clock, new Random(), RateLimitObserver.NONE, apiRate.perMinute))) {
            PolicyAudit audit = new PolicyAudit(db, clock);
            PolicyUpdateHandler updates = new PolicyUpdateHandler(
                    new PolicySync(client, UserCache.defaults(clock), false), audit, new WorkCodec());
            DriftCheck check = new DriftCheck(client, audit, updates::apply);
            return report(check, check.check());
        }
    }

    private int report(DriftCheck check, List<Finding> findings) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (findings.isEmpty()) {
            out.println("No levels to check: the history holds no level the agent set.");
            out.flush();
            return ExitCode.OK;
        }
        Tally tally = new Tally();
        for (Finding f : findings) {
            switch (f) {
                case Finding.InPlace p -> tally.inPlace++;
                case Finding.Drifted d -> {
                    out.println("DRIFT         " + d.describe());
                    tally.drifted++;
                    if (repair) {
                        repair(check, d, out, tally);
                    }
                }
                case Finding.Unchecked u -> {
                    out.println("NOT CHECKED   " + u.describe());
                    tally.failed += u.temporary() ? 0 : 1;
                    tally.temporary += u.temporary() ? 1 : 0;
                }
            }
        }
        out.println(findings.size() + " levels checked: " + tally.inPlace + " as the agent set them, " + tally.drifted
                + " drifted" + (repair ? ", " + tally.repaired + " repaired" : "")
                + (tally.failed + tally.temporary > 0 ? ", " + (tally.failed + tally.temporary) + " not checked" : "") + ".");
        out.flush();
        return tally.exitCode();
    }

    private static void repair(DriftCheck check, Finding.Drifted d, PrintWriter out, Tally tally) throws InterruptedException {
        DeliveryResult result = check.repair(d);
        switch (result) {
            case DeliveryResult.Delivered done -> {
                out.println("REPAIRED      " + d.describe() + ": " + done.note());
                tally.repaired++;
            }
            case DeliveryResult.RetryLater later -> {
                out.println("NOT REPAIRED  " + d.describe() + ": " + later.reason() + " (try again)");
                tally.temporary++;
            }
            case DeliveryResult.Rejected rejected -> out.println("NOT REPAIRED  " + d.describe() + ": " + rejected.reason());
        }
    }

    /** Counts per kind of finding, and the exit code they make. */
    private static final class Tally {
        int inPlace;
        int drifted;
        int repaired;
        int failed;
        int temporary;

        int exitCode() {
            if (drifted > repaired || failed > 0) {
                return ExitCode.FAILED;
            }
            return temporary > 0 ? ExitCode.TEMPORARY : ExitCode.OK;
        }
    }
}
