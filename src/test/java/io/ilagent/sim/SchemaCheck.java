package io.ilagent.sim;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks requests against the official ilert OpenAPI document. Only that document decides for
 * paths it describes; for the paths ilagent uses that it lacks, the rules are: MQTT/Kafka event
 * paths carry an Events API body, heartbeat paths carry no body.
 */
final class SchemaCheck {
    /** The system property surefire sets to the official schema's path. */
    static final String SPEC_PROPERTY = "ilert.openapi";
    private static final String PATH_MISSING = "validation.request.path.missing";
    private static final Pattern CONSUMER_EVENTS = Pattern.compile("^/api/v1/events/(mqtt|kafka)/[^/]+$");
    private static final Pattern LEGACY_HEARTBEAT = Pattern.compile("^/api/heartbeats/[^/]+$");
    private static final Pattern PING = Pattern.compile("^/api/pings/[^/]+$");

    private final OpenApiInteractionValidator validator;

    SchemaCheck(String specContent) {
        // The simulator checks Authorization itself (401); the validator would only duplicate that.
        LevelResolver levels = LevelResolver.create()
                .withLevel("validation.request.security.missing", ValidationReport.Level.IGNORE)
                .withLevel("validation.request.security.invalid", ValidationReport.Level.IGNORE)
                .build();
        this.validator = OpenApiInteractionValidator.createFor(parse(specContent))
                .withBasePathOverride("/api")
                .withLevelResolver(levels)
                .build();
    }

    /**
     * Parses the document ourselves: the validator's own loader refuses any document with parser
     * warnings, and the official one has three (a non-object {@code default} on schemas ilagent
     * never touches). Anything that leaves no usable document still fails.
     */
    private static OpenAPI parse(String specContent) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(specContent, null, options);
        if (result == null || result.getOpenAPI() == null) {
            throw new IllegalArgumentException("not an OpenAPI document: "
                    + (result == null ? "no result" : result.getMessages()));
        }
        return result.getOpenAPI();
    }

    static SchemaCheck fromFile(Path spec) {
        try {
            return new SchemaCheck(Files.readString(spec));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ilert OpenAPI schema " + spec, e);
        }
    }

    /** The official schema, parsed once per JVM: parsing 9000 lines of YAML takes a while. */
    static SchemaCheck official() {
        return Official.CHECK;
    }

    /** Where the official schema is: the system property, else the copy in the test resources. */
    static Path officialSpecPath() {
        String configured = System.getProperty(SPEC_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path candidate : List.of(Path.of("src/test/resources/ilert-openapi.yml"),
                Path.of("../shared/reference/ilert-openapi.yml"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("set -D" + SPEC_PROPERTY + "=<path of ilert-openapi.yml>");
    }

    private static final class Official {
        static final SchemaCheck CHECK = fromFile(officialSpecPath());
    }

    /** The problems with this request; empty when it conforms or is on a path ilert does not have. */
    List<String> check(IncomingRequest request) {
        String path = request.path();
        if (CONSUMER_EVENTS.matcher(path).matches()) {
            if (!request.method().equals("POST")) {
                return List.of("method " + request.method() + " not allowed on an event path (POST only)");
            }
            return validate(request, "/api/events");
        }
        if (LEGACY_HEARTBEAT.matcher(path).matches()) {
            return noBody(request, Set.of("GET", "HEAD", "POST"));
        }
        if (PING.matcher(path).matches()) {
            return noBody(request, Set.of("GET", "HEAD"));
        }
        if (!path.startsWith("/api/")) {
            return List.of();
        }
        return validate(request, path);
    }

    private static List<String> noBody(IncomingRequest request, Set<String> methods) {
        if (!methods.contains(request.method())) {
            return List.of("method " + request.method() + " not allowed on a heartbeat path " + methods);
        }
        return request.body().isEmpty() ? List.of() : List.of("a heartbeat ping carries no body");
    }

    private List<String> validate(IncomingRequest request, String asPath) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(request.method(), asPath);
        request.headers().forEach(b::withHeader);
        request.queryParams().forEach(b::withQueryParam);
        if (!request.body().isEmpty()) {
            b.withBody(request.body());
        }
        ValidationReport report = validator.validateRequest(b.build());
        if (report.getMessages().stream().anyMatch(m -> m.getKey().equals(PATH_MISSING))) {
            return List.of(); // not an ilert path: the router answers 404, there is no schema to break
        }
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage())
                .toList();
    }
}
