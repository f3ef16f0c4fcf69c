package io.ilagent.cli;

import java.util.List;

/** Flags or environment that cannot work together; reported as one line per problem, exit code 2. */
public final class UsageError extends RuntimeException {
    private final List<String> problems;

    public UsageError(List<String> problems) {
        super(String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public UsageError(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
