package io.ilagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Which command tree {@link Cli#forArguments} builds: the named subcommand alone when that is enough. */
class CliTreeTest {
    private static final String[] ALL = {"daemon", "event", "heartbeat", "queue", "policy"};

    @Test
    void aOneShotCommandGetsATreeWithOnlyItself() {
        CommandLine cli = Cli.forArguments(Map.of(), "-v", "event", "-k", "il1api", "-t", "ALERT", "-s", "disk full");

        assertThat(cli.getSubcommands()).containsOnlyKeys("event");
    }

    @Test
    void queueKeepsItsOwnSubcommandsInTheLeanTree() {
        CommandLine cli = Cli.forArguments(Map.of(), "-f", "agent.db3", "queue", "list");

        assertThat(cli.getSubcommands()).containsOnlyKeys("queue");
        assertThat(cli.getSubcommands().get("queue").getSubcommands()).containsKeys("list", "show", "retry", "purge");
    }

    @Test
    void helpAndVersionOfTheAgentItselfComeFromTheWholeTree() {
        assertThat(Cli.forArguments(Map.of(), "--help").getSubcommands()).containsOnlyKeys(ALL);
        assertThat(Cli.forArguments(Map.of(), "--version").getSubcommands()).containsOnlyKeys(ALL);
        assertThat(Cli.forArguments(Map.of(), "--help", "event").getSubcommands()).containsOnlyKeys(ALL);
        assertThat(Cli.forArguments(Map.of()).getSubcommands()).containsOnlyKeys(ALL);
    }

    @Test
    void argumentsThatDoNotParseWithTheNamedCommandAloneGetTheWholeTree() {
        // a missing required flag: the whole tree reports it, as it always did
        assertThat(Cli.forArguments(Map.of(), "event", "-k", "il1api").getSubcommands()).containsOnlyKeys(ALL);
        assertThat(Cli.forArguments(Map.of(), "event", "--no_such_flag").getSubcommands()).containsOnlyKeys(ALL);
    }

    @Test
    void aSubcommandsOwnHelpComesFromTheLeanTreeAndNamesTheWholeCommand() {
        CliRun run = CliRun.run("event", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: ilagent event ").contains("--integration_key");
    }
}
