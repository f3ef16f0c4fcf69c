package io.ilagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.runtime.Daemon;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering docs/architecture.md promises, read from the compiled classes with the JDK's own jdeps: packages
 * depend on each other in one direction only.
 */
class LayeringTest {
    private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.ilagent\\S*)\\s+->\\s+(io\\.ilagent\\S*)\\s", Pattern.MULTILINE);
    private static final Map<String, Set<String>> uses = new TreeMap<>();

    @BeforeAll
    static void readDependencies() throws Exception {
        Path classes = Path.of(Daemon.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        StringWriter out = new StringWriter();
        int rc = ToolProvider.findFirst("jdeps").orElseThrow().run(new PrintWriter(out), new PrintWriter(out),
                "-verbose:package", "-filter:none", classes.toString());
        assertThat(rc).as(out.toString()).isZero();
        Matcher m = EDGE.matcher(out.toString());
        while (m.find()) {
            uses.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
        }
        assertThat(uses).as("jdeps found the agent's packages").containsKeys("io.ilagent.runtime", "io.ilagent.delivery");
    }

    @Test
    void noPackageReachesItselfThroughItsDependencies() {
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            Deque<String> todo = new ArrayDeque<>(others(start));
            Set<String> seen = new TreeSet<>();
            while (!todo.isEmpty()) {
                String next = todo.pop();
                if (next.equals(start)) {
                    cycles.add(start);
                    break;
                }
                if (seen.add(next)) {
                    todo.addAll(others(next));
                }
            }
        }
        assertThat(cycles).as("packages on a dependency cycle; edges: " + uses).isEmpty();
    }

    @Test
    void ilertDependsOnNoOtherPackageAndConfigOnlyOnIlert() {
        assertThat(others("io.ilagent.ilert")).isEmpty();
        assertThat(others("io.ilagent.config")).isSubsetOf("io.ilagent.ilert");
    }

    @Test
    void onlyTheCommandLineUsesRuntime() {
        uses.forEach((from, to) -> {
            if (!from.equals("io.ilagent.cli") && !from.equals("io.ilagent.runtime")) {
                assertThat(to).as(from).doesNotContain("io.ilagent.runtime");
            }
        });
    }

    private static Set<String> others(String pkg) {
        Set<String> to = new TreeSet<>(uses.getOrDefault(pkg, Set.of()));
        to.remove(pkg);
        return to;
    }
}
