package io.ilagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.delivery.Database;
import io.ilagent.delivery.DeadLetters;
import io.ilagent.delivery.ItemKind;
import io.ilagent.delivery.Outbox;
import io.ilagent.delivery.OutboxItem;
import io.ilagent.delivery.SupersededListener;
import io.ilagent.delivery.WorkItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code queue show}, {@code queue purge ID}, {@code queue list --json} and masked keys, through the real command line. */
class QueueInspectionTest {

    private static final String KEY = "il1api0123456789abcdef";
    private static final String EVENT = "{\"channel\":\"EVENTS\",\"routeKey\":\"" + KEY + "\",\"event\":{\"integrationKey\":\""
            + KEY + "\",\"eventType\":\"ALERT\",\"summary\":\"disk full\",\"alertKey\":\"db-1\"}}";
    private static final String LONG_ERROR = "HTTP 400: " + "the summary is missing; ".repeat(10);

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final ObjectMapper json = new ObjectMapper();

    private Path file() {
        return dir.resolve("agent.db3");
    }

    private CliRun cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-f";
        all[1] = file().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(all);
    }

    private long waiting(String payload) {
        try (Database db = Database.open(file(), clock)) {
            return new Outbox(db, clock, SupersededListener.NONE)
                    .enqueue(WorkItem.ordered(ItemKind.EVENT, "event:" + KEY + "/db-1", payload, "http"));
        }
    }

    private long dead(String reason) {
        try (Database db = Database.open(file(), clock)) {
            return new DeadLetters(db, clock).reject(
                    WorkItem.ordered(ItemKind.EVENT, "event:" + KEY + "/db-1", EVENT, "mqtt topic events/x"),
                    reason, "map");
        }
    }

    @Test
    void showPrintsAWaitingItemWholeWithItsKeysMasked() {
        long id = waiting(EVENT);

        CliRun run = cli("queue", "show", String.valueOf(id));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("id:           " + id, "status:       waiting for delivery", "kind:         EVENT",
                "key:          event:il1a…/db-1", "attempts:     0", "next attempt:", "created:", "last error:   -",
                "source:       http", "payload:\n" + EVENT.replace(KEY, "il1a…"));
        assertThat(run.out()).doesNotContain(KEY);
    }

    @Test
    void showTellsWhatAnItemBecameAfterItWasDelivered() {
        long id = waiting(EVENT);
        try (Database db = Database.open(file(), clock)) {
            Outbox outbox = new Outbox(db, clock, SupersededListener.NONE);
            OutboxItem claimed = outbox.claimDue(java.util.Set.of(ItemKind.EVENT), 1).getFirst();
            outbox.delivered(claimed, "HTTP 202");
        }

        CliRun run = cli("queue", "show", String.valueOf(id));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("id:           " + id, "on attempt 1: HTTP 202", "kind:         EVENT",
                "key:          event:il1a…/db-1", "source:       http");
        assertThat(run.out()).startsWith("id:").contains("status:       delivered ").doesNotContain(KEY);
    }

    @Test
    void showPrintsADeadLettersReasonStageSourceAndWholeErrorAndKeysWhenAsked() {
        long id = dead(LONG_ERROR);

        CliRun run = cli("queue", "show", "--show_keys", String.valueOf(id));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("status:       dead letter", "stage:        map", "reason:       " + LONG_ERROR,
                "dead since:", "source:       mqtt topic events/x", "key:          event:" + KEY + "/db-1", EVENT);
    }

    @Test
    void showOfAnUnknownIdFailsWithOneLine() {
        waiting(EVENT);

        CliRun run = cli("queue", "show", "999");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err()).isEqualTo("No item or dead letter 999, and none delivered in the last 7 days (see 'ilagent queue list')\n");
    }

    @Test
    void listMasksKeysUnlessAskedAndJsonGivesOneObjectPerItem() throws Exception {
        long waiting = waiting(EVENT);
        long dead = dead("HTTP 400: summary missing");

        assertThat(cli("queue", "list").out()).contains("event:il1a…/db-1").doesNotContain(KEY);
        assertThat(cli("queue", "list", "--show_keys").out()).contains("event:" + KEY + "/db-1");

        CliRun run = cli("queue", "list", "--json");
        assertThat(run.exitCode()).isZero();
        List<JsonNode> lines = run.out().lines().map(this::parse).toList();
        assertThat(lines).extracting(l -> l.get("id").asLong()).containsExactly(waiting, dead);
        assertThat(lines.get(0).get("status").asText()).isEqualTo("waiting");
        assertThat(lines.get(0).get("payload").asText()).isEqualTo(EVENT.replace(KEY, "il1a…"));
        assertThat(lines.get(0).has("nextAttemptAt")).isTrue();
        assertThat(lines.get(1).get("status").asText()).isEqualTo("dead");
        assertThat(lines.get(1).get("reason").asText()).isEqualTo("HTTP 400: summary missing");
        assertThat(lines.get(1).get("stage").asText()).isEqualTo("map");
        assertThat(lines.get(1).get("source").asText()).isEqualTo("mqtt topic events/x");
        assertThat(run.out()).doesNotContain(KEY);
    }

    @Test
    void purgeByIdDeletesOnlyThatItemWhetherDeadOrWaiting() {
        long keep = waiting(EVENT);
        long waiting = waiting(EVENT);
        long dead = dead("HTTP 400");

        CliRun run = cli("queue", "purge", String.valueOf(dead), String.valueOf(waiting));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Deleted dead letter " + dead, "Deleted waiting item " + waiting);
        try (Database db = Database.openReadOnly(file())) {
            assertThat(new Outbox(db, clock, SupersededListener.NONE).pending(10)).extracting(i -> i.id())
                    .containsExactly(keep);
            assertThat(new DeadLetters(db, clock).list(10)).isEmpty();
        }
    }

    @Test
    void purgeOfAnUnknownIdSaysSoAndFails() {
        waiting(EVENT);

        CliRun run = cli("queue", "purge", "999");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err()).contains("No item or dead letter 999");
    }

    @Test
    void purgeRefusesIdsTogetherWithIncludePending() {
        waiting(EVENT);

        CliRun run = cli("queue", "purge", "--include-pending", "1");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--include-pending deletes every waiting item");
    }

    @Test
    void queueListShowAndPolicyHistoryNeverWriteToTheDatabase() throws Exception {
        long id = dead("HTTP 400");
        byte[] before = Files.readAllBytes(file());
        long modified = Files.getLastModifiedTime(file()).toMillis();

        assertThat(cli("queue", "list").exitCode()).isZero();
        assertThat(cli("queue", "list", "--json").exitCode()).isZero();
        assertThat(cli("queue", "show", String.valueOf(id)).exitCode()).isZero();
        assertThat(cli("policy", "history").exitCode()).isZero();

        assertThat(Files.readAllBytes(file())).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(file()).toMillis()).isEqualTo(modified);
        try (var siblings = Files.list(dir)) {
            assertThat(siblings).containsExactly(file());
        }
    }

    private JsonNode parse(String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not one JSON object: " + line, e);
        }
    }
}
