package io.ilagent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.ilert.EventChannel;
import io.ilagent.sim.Failure;
import io.ilagent.sim.IlertSimulatorExtension;
import io.ilagent.sim.ReceivedEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ilagent event} and {@code ilagent heartbeat} against the simulator: what is sent, exit codes, the one line. */
class OneShotCommandsTest {
    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension();

    private CliRun run(Map<String, String> env, String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--ilert_url";
        all[args.length + 1] = ilert.sim().baseUrl();
        all[args.length + 2] = "--ilert_beat_url";
        all[args.length + 3] = ilert.sim().baseUrl();
        return CliRun.run(env, all);
    }

    private CliRun run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void eventWithEveryFlagIsDeliveredToTheEventsApiAndExitsZeroSilently() {
        CliRun run = run("event", "-k", "il1api123", "-t", "ALERT", "-s", "Disk full", "-i", "db-1/disk", "-o", "HIGH",
                "-d", "95 % used", "-g", "https://img.example/x.png", "-l", "https://runbook.example/disk");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(ilert.sim().events()).singleElement().satisfies(e -> {
            assertThat(e.channel()).isEqualTo(EventChannel.API);
            assertThat(e.path()).isEqualTo("/api/events");
            assertThat(e.body().get("integrationKey").asText()).isEqualTo("il1api123");
            assertThat(e.body().get("eventType").asText()).isEqualTo("ALERT");
            assertThat(e.body().get("summary").asText()).isEqualTo("Disk full");
            assertThat(e.body().get("alertKey").asText()).isEqualTo("db-1/disk");
            assertThat(e.body().get("priority").asText()).isEqualTo("HIGH");
            assertThat(e.body().get("details").asText()).isEqualTo("95 % used");
            assertThat(e.body().at("/images/0/src").asText()).isEqualTo("https://img.example/x.png");
            assertThat(e.body().at("/links/0/href").asText()).isEqualTo("https://runbook.example/disk");
            assertThat(e.body().at("/links/0/text").asText()).isEqualTo("Provided Url");
        });
    }

    @Test
    void integrationKeyFallsBackToTheEnvironment() {
        CliRun run = run(Map.of("ILERT_INTEGRATION_KEY", "from-env"), "event", "-t", "RESOLVE", "-s", "ok");
        assertThat(run.exitCode()).isZero();
        assertThat(ilert.sim().events()).extracting(ReceivedEvent::integrationKey).containsExactly("from-env");
    }

    @Test
    void rejectedEventExitsOneWithOneLineSayingWhy() {
        ilert.sim().failNext(1, 400);
        CliRun run = run("event", "-k", "k", "-t", "ALERT", "-s", "hi");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString()
                .startsWith("ilagent event: event rejected: event: ilert answered HTTP 400");
    }

    @Test
    void unavailableIlertExitsWithTheTemporaryFailureCode() {
        ilert.sim().failNext(1, Failure.status(503));
        CliRun run = run("event", "-k", "k", "-t", "ALERT", "-s", "hi");
        assertThat(run.exitCode()).isEqualTo(75);
        assertThat(run.err()).startsWith("ilagent event: event not delivered, try again later: event: ilert answered HTTP 503");
    }

    @Test
    void unreachableIlertExitsWithTheTemporaryFailureCode() {
        CliRun run = CliRun.run("event", "-k", "k", "-t", "ALERT", "-s", "hi", "--ilert_url", "http://127.0.0.1:1");
        assertThat(run.exitCode()).isEqualTo(75);
        assertThat(run.err().lines()).singleElement().asString().isEqualTo("ilagent event: event not delivered, try again"
                + " later: event: cannot reach ilert at http://127.0.0.1:1: connection refused");
    }

    @Test
    void successIsReportedOnlyWhenAskedForInfo() {
        CliRun run = run("-vv", "event", "-k", "k", "-t", "ALERT", "-s", "hi");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("ilagent event: event accepted by ilert (HTTP 202)");
    }

    @Test
    void newHeartbeatKeyIsPingedOnTheBeatHost() {
        CliRun run = run("heartbeat", "-k", "ih2-key");
        assertThat(run.exitCode()).isZero();
        assertThat(ilert.sim().pings()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("ih2-key");
            assertThat(p.legacy()).isFalse();
            assertThat(p.method()).isEqualTo("HEAD");
        });
    }

    @Test
    void legacyHeartbeatKeyUsesTheLegacyApi() {
        CliRun run = run(Map.of("ILERT_INTEGRATION_KEY", "il1hbt123"), "heartbeat");
        assertThat(run.exitCode()).isZero();
        assertThat(ilert.sim().requestsTo("GET", "/api/heartbeats/il1hbt123")).hasSize(1);
    }

    @Test
    void failedPingExitsNonZeroWithOneLine() {
        ilert.sim().failNext(1, 404);
        CliRun run = run("heartbeat", "-k", "unknown");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().startsWith("ilagent heartbeat: heartbeat ping rejected:");
    }
}
