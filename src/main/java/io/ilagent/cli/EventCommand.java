package io.ilagent.cli;

import io.ilagent.ilert.Event;
import io.ilagent.ilert.EventChannel;
import io.ilagent.ilert.EventType;
import io.ilagent.ilert.Priority;
import java.util.List;
import io.ilagent.ilert.IlertClient;
import io.ilagent.ilert.Outcome;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "event", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Send one event to ilert and exit.",
                "Exit codes: 0 accepted, 1 rejected by ilert, 2 bad flags, 75 ilert not reachable (try again)."})
public final class EventCommand implements Callable<Integer> {
    /** The event types this command offers, as in ilagent 0.9.0 (COMMENT events need comments, not a summary). */
    enum Type { ALERT, ACCEPT, RESOLVE }

    private final Environment env;

    @Spec
    CommandSpec spec;

    @Mixin
    IlertOptions ilert = new IlertOptions();

    @Option(names = {"-k", "--integration_key"}, paramLabel = "KEY",
            description = "Alert source integration key (env ILERT_INTEGRATION_KEY).")
    String integrationKey;

    @Option(names = {"-t", "--event_type"}, required = true, paramLabel = "EVENT_TYPE",
            description = "One of ${COMPLETION-CANDIDATES}.")
    Type eventType;

    @Option(names = {"-s", "--summary"}, required = true, paramLabel = "SUMMARY", description = "Event summary.")
    String summary;

    @Option(names = {"-i", "--alert_key"}, paramLabel = "ALERT_KEY", description = "Alert key (deduplication).")
    String alertKey;

    @Option(names = {"-o", "--priority"}, paramLabel = "PRIORITY", description = "One of ${COMPLETION-CANDIDATES}.")
    Priority priority;

    @Option(names = {"-d", "--details"}, paramLabel = "DETAIL", description = "Event details.")
    String details;

    @Option(names = {"-g", "--image"}, paramLabel = "IMAGE", description = "Image URL.")
    String image;

    @Option(names = {"-l", "--link"}, paramLabel = "LINK", description = "Link URL.")
    String link;

    public EventCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        String key = OneShot.integrationKey(Optional.ofNullable(integrationKey), env);
        Event event = new Event(key, EventType.valueOf(eventType.name()), summary, details, alertKey, priority,
                image == null ? null : List.of(new Event.Image(image, null, null)),
                link == null ? null : List.of(new Event.Link(link, "Provided Url")),
                null);
        Outcome<Void> outcome;
        try (IlertClient client = OneShot.client(ilert.endpoints(env))) {
            outcome = client.sendEvent(event, EventChannel.API);
        }
        return OneShot.report(spec, OneShot.verbosity(spec), "event", outcome);
    }
}
