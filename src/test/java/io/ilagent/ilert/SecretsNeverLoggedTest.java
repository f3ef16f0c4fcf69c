package io.ilagent.ilert;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.ilagent.cli.Cli;
import io.ilagent.cli.DaemonCommand;
import io.ilagent.policy.PolicySync;
import io.ilagent.policy.UserCache;
import io.ilagent.runtime.LogLevels;
import io.ilagent.sim.IlertSimulator;
import io.ilagent.sim.IlertSimulatorExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The API key and the MQTT password appear in no log line, error or command output, even at -vvvv. */
class SecretsNeverLoggedTest {
    private static final String API_KEY = "fake-api-key-7f3c9a2e51";
    private static final String MQTT_PASSWORD = "fake-mqtt-password-88d1";

    @RegisterExtension
    final IlertSimulatorExtension ilert = new IlertSimulatorExtension(b -> b.apiKey(API_KEY));

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureEverything() {
        LogLevels.apply(4);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void restore() {
        root.detachAppender(logs);
        LogLevels.apply(0);
    }

    @Test
    void apiKeyNeverAppearsWhetherCallsSucceedOrFail() {
        IlertSimulator sim = ilert.sim();
        sim.addUser("alice@example.com", "Alice", "Able");
        sim.addPolicy("Plant", "powerplant", List.of(new EscalationRule(5, List.of(), null, null)));
        URI base = URI.create(sim.baseUrl());
        StringBuilder outcomes = new StringBuilder();
        for (String raw : List.of(API_KEY, "Bearer " + API_KEY, "wrong-" + API_KEY)) {
            IlertClient client = IlertClient.create(new IlertEndpoints(base, base, Duration.ofSeconds(2), Duration.ofSeconds(5)),
                    ApiKey.fromEnv(raw), "ilagent/test");
            PolicySync sync = new PolicySync(client, UserCache.disabled(Clock.systemUTC()), false);
            outcomes.append(sync.apply("powerplant", "alice@example.com", 0)).append('\n');
            sim.failNext(1, 500);
            outcomes.append(sync.apply("powerplant", "alice@example.com", 0)).append('\n');
            outcomes.append(client).append(ApiKey.fromEnv(raw)).append('\n');
        }
        assertThat(outcomes).contains("Applied").contains("refused (HTTP 401)");
        assertThat(outcomes).doesNotContain(API_KEY);
        assertThat(everythingLogged()).doesNotContain(API_KEY);
        assertThat(sim.requests().toString()).doesNotContain(API_KEY);
    }

    @Test
    void daemonConfigurationAtHighestVerbosityShowsNoSecret() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Cli.create(Map.of("ILERT_API_KEY", "Bearer " + API_KEY));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        var parsed = cli.parseArgs("-vvvv", "daemon", "-m", "h", "--mqtt_qos", "1", "-e", "t", "--mqtt_username", "u",
                "--mqtt_password", MQTT_PASSWORD);
        var config = ((DaemonCommand) parsed.subcommand().commandSpec().userObject()).config();
        assertThat(err.toString()).contains("stripping the unnecessary 'Bearer ' prefix");
        assertThat(config.toString()).contains("****");
        int code = cli.execute("-vvvv", "daemon", "-m", "h", "--mqtt_qos", "1", "-e", "t", "--mqtt_username", "u",
                "--mqtt_password", MQTT_PASSWORD, "-q", "0");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("-q/--mqtt_port");
        assertThat(config.toString() + config.mqtt().orElseThrow().password()).doesNotContain(MQTT_PASSWORD);
        assertThat(out + err.toString() + everythingLogged()).doesNotContain(API_KEY).doesNotContain(MQTT_PASSWORD);
    }

    private String everythingLogged() {
        StringBuilder all = new StringBuilder();
        List<ILoggingEvent> seen;
        synchronized (logs) { // AppenderBase appends under this lock; threads left by other tests may still log
            seen = new ArrayList<>(logs.list);
        }
        for (ILoggingEvent e : seen) {
            all.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                all.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
            }
        }
        return all.toString();
    }
}
