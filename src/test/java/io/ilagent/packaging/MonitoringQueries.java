package io.ilagent.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PromQL expressions of packaging/'s alert rules and Grafana dashboard, and the metric names they use. */
public final class MonitoringQueries {
    public static final Path RULES = Path.of("packaging/prometheus/ilagent-alerts.yml");
    public static final Path DASHBOARD = Path.of("packaging/grafana/ilagent-dashboard.json");

    /** Series the agent exports: its own, Micrometer's JVM and process meters. {@code up} is Prometheus's own. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:ilagent|jvm|process|system)_[a-z0-9_]+\\b");

    private MonitoringQueries() {}

    public static List<String> ruleExpressions() throws IOException {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
        List<String> exprs = new ArrayList<>();
        rules.path("groups").forEach(group -> group.path("rules").forEach(rule -> exprs.add(rule.path("expr").asText())));
        return exprs;
    }

    /** Every panel query and every templating query, with Grafana's variables replaced by PromQL that parses. */
    public static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> exprs = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
        dashboard.path("templating").path("list").forEach(variable -> {
            String query = variable.path("definition").asText("");
            Matcher labelValues = Pattern.compile("label_values\\((\\w+),").matcher(query);
            if (labelValues.find()) {
                exprs.add(labelValues.group(1));
            }
        });
        return exprs.stream().map(e -> e.replace("$__rate_interval", "5m").replace("$instance", ".*")).toList();
    }

    /** The metric names an expression reads, without Prometheus's own {@code up}. */
    public static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr.replaceAll("\"[^\"]*\"", "\"\""));
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }
}
