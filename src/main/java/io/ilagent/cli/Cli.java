package io.ilagent.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import picocli.CommandLine;

/** Builds the picocli command tree with the process environment it should read. */
public final class Cli {
    /** The subcommands, in the order {@code --help} lists them. */
    private static final Map<String, BiFunction<Environment, IlagentCommand, Object>> SUBCOMMANDS = subcommands();

    private Cli() {}

    private static Map<String, BiFunction<Environment, IlagentCommand, Object>> subcommands() {
        Map<String, BiFunction<Environment, IlagentCommand, Object>> all = new LinkedHashMap<>();
        all.put("daemon", (env, top) -> new DaemonCommand(env));
        all.put("event", (env, top) -> new EventCommand(env));
        all.put("heartbeat", (env, top) -> new HeartbeatCommand(env));
        all.put("queue", (env, top) -> new QueueCommand(top::databaseFile));
        all.put("policy", (env, top) -> PolicyCommand.create(env));
        return all;
    }

    /** The whole tree: every subcommand. */
    public static CommandLine create(Map<String, String> env) {
        return tree(env, SUBCOMMANDS.keySet().toArray(String[]::new));
    }

    /**
     * The tree to run {@code args} with: only the subcommand they name, when they parse with it alone, else
     * the whole tree. Picocli reads every command's annotations by reflection when the tree is built (the
     * daemon's alone have about 100 options), which is most of a one-shot command's start-up. Help, version
     * and every error come from the whole tree, so they read the same either way.
     */
    public static CommandLine forArguments(Map<String, String> env, String... args) {
        for (String arg : args) {
            if (SUBCOMMANDS.containsKey(arg)) {
                CommandLine lean = tree(env, arg);
                return parsesAlone(lean, args) ? lean : create(env);
            }
        }
        return create(env);
    }

    private static boolean parsesAlone(CommandLine lean, String[] args) {
        try {
            CommandLine.ParseResult parsed = lean.parseArgs(args);
            return parsed.hasSubcommand() && !parsed.isUsageHelpRequested() && !parsed.isVersionHelpRequested();
        } catch (CommandLine.ParameterException e) {
            return false; // the whole tree reports it, as it may read the arguments otherwise
        }
    }

    private static CommandLine tree(Map<String, String> env, String... names) {
        Environment environment = new Environment(env);
        IlagentCommand top = new IlagentCommand();
        CommandLine cli = new CommandLine(top);
        for (String name : names) {
            cli.addSubcommand(SUBCOMMANDS.get(name).apply(environment, top));
        }
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler(new FailureHandler());
        cli.setCaseInsensitiveEnumValuesAllowed(false);
        return cli;
    }
}
