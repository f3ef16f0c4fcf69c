package io.ilagent.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/'s alert rules and dashboard queries checked by Prometheus's own promtool (the Debian package
 * {@code prometheus}, which .ci/run installs); skipped where promtool is not on the PATH. That every query
 * names a metric the agent exports is {@code MonitoringFilesIT}'s job.
 */
class PrometheusRulesTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void promtoolIsInstalled() {
        assumeTrue(onPath("promtool"), "promtool is not on the PATH (apt-get install prometheus)");
    }

    @Test
    void alertRulesPassPromtoolsCheck() throws Exception {
        assertThat(promtool("check", "rules", MonitoringQueries.RULES.toString())).contains("SUCCESS");
    }

    @Test
    void alertRulesFireAsTheirUnitTestsExpect() throws Exception {
        assertThat(promtool("test", "rules", "packaging/prometheus/ilagent-alerts.test.yml")).contains("SUCCESS");
    }

    @Test
    void everyDashboardQueryIsValidPromql() throws Exception {
        List<String> lines = new ArrayList<>(List.of("groups:", "  - name: dashboard", "    rules:"));
        List<String> exprs = MonitoringQueries.dashboardExpressions();
        for (int i = 0; i < exprs.size(); i++) {
            lines.add("      - record: dashboard:query" + i);
            lines.add("        expr: '" + exprs.get(i).replace("'", "''") + "'");
        }
        Path rules = Files.write(dir.resolve("dashboard-queries.yml"), lines);
        assertThat(promtool("check", "rules", rules.toString())).contains("SUCCESS: " + exprs.size() + " rules found");
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("promtool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool ended").isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + out).isZero();
        return out;
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
    }
}
