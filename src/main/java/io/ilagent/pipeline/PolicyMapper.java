package io.ilagent.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ilagent.config.FilterSettings;
import io.ilagent.config.PolicySettings;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps a policy message (see the escalation policy updates document) to a {@link PolicyUpdate}.
 * Compatible with ilagent 0.9.0 except that a missing or invalid shift is rejected instead of
 * silently meaning level 0 (docs/compatibility.md).
 */
public final class PolicyMapper {
    // What Rust's i64::from_str accepts: an optional sign and ASCII digits, nothing else.
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    private final PolicySettings settings;
    private final MessageFilter filter;
    private final JsonPath emailPath;
    private final JsonPath shiftPath;
    private final List<JsonPath> routingKeyPaths;
    private final Optional<JsonPath> timestampPath;

    public PolicyMapper(PolicySettings settings, FilterSettings filter) {
        this.settings = settings;
        this.filter = new MessageFilter(filter);
        this.emailPath = JsonPath.of(settings.emailPath());
        this.shiftPath = JsonPath.of(settings.shiftPath());
        this.routingKeyPaths = settings.routingKeyFields().stream()
                .map(String::strip)
                .filter(name -> !name.isEmpty())
                .map(JsonPath::of)
                .toList();
        this.timestampPath = settings.timestampPath().map(JsonPath::of);
    }

    public Mapped<PolicyUpdate> map(byte[] payload) {
        return switch (JsonPayload.parseObject(payload)) {
            case Mapped.Accepted<ObjectNode> json -> map(json.value());
            case Mapped<ObjectNode> other -> other.notAccepted();
        };
    }

    private Mapped<PolicyUpdate> map(ObjectNode json) {
        Optional<String> excluded = filter.exclusion(json);
        if (excluded.isPresent()) {
            return Mapped.filtered(excluded.get());
        }
        Optional<String> email = emailPath.find(json).filter(JsonNode::isTextual).map(JsonNode::textValue)
                .filter(value -> !value.isEmpty());
        if (email.isEmpty()) {
            return Mapped.rejected("no email: '" + emailPath + "' must be a non-empty string, "
                    + describe(emailPath.find(json)) + " (set --map_key_email to the email's path)");
        }
        return switch (level(json)) {
            case Mapped.Accepted<Integer> level -> withRoutingKey(json, email.get(), level.value());
            case Mapped<Integer> other -> other.notAccepted();
        };
    }

    private Mapped<PolicyUpdate> withRoutingKey(ObjectNode json, String email, int level) {
        Optional<String> routingKey = routingKey(json);
        if (routingKey.isPresent()) {
            return switch (sourceTime(json)) {
                case Mapped.Accepted<Optional<Instant>> time ->
                        Mapped.accepted(new PolicyUpdate(routingKey.get(), email, level, time.value()));
                case Mapped<Optional<Instant>> other -> other.notAccepted();
            };
        }
        return Mapped.rejected(routingKeyPaths.isEmpty()
                ? "no routing key: --policy_routing_keys names no fields"
                : "no routing key: none of the fields " + String.join(", ", names(routingKeyPaths))
                        + " held a non-empty string");
    }

    /** Empty when --map_key_timestamp is not given; a rejection when it is and the message has no readable time. */
    private Mapped<Optional<Instant>> sourceTime(ObjectNode json) {
        if (timestampPath.isEmpty()) {
            return Mapped.accepted(Optional.empty());
        }
        Optional<JsonNode> found = timestampPath.get().find(json);
        Optional<Instant> time = found.flatMap(SourceTime::read);
        return time.isPresent() ? Mapped.accepted(time)
                : Mapped.rejected("no timestamp (--map_key_timestamp): '" + timestampPath.get() + "' must be RFC 3339 "
                        + "text or epoch seconds or milliseconds, " + describe(found));
    }

    private Optional<String> routingKey(ObjectNode json) {
        StringBuilder key = new StringBuilder();
        for (JsonPath path : routingKeyPaths) {
            path.find(json).filter(JsonNode::isTextual).map(JsonNode::textValue).ifPresent(key::append);
        }
        return key.isEmpty() ? Optional.empty() : Optional.of(key.toString());
    }

    private Mapped<Integer> level(ObjectNode json) {
        Optional<JsonNode> found = shiftPath.find(json);
        Optional<Long> shift = found.flatMap(PolicyMapper::integer);
        if (shift.isEmpty()) {
            return Mapped.rejected("no shift: '" + shiftPath + "' must be an integer or a string holding one, "
                    + describe(found) + " (set --map_key_shift to the shift's path)");
        }
        long level = Math.max(0, saturatedAdd(shift.get(), settings.shiftOffset()));
        if (level > Integer.MAX_VALUE) {
            return Mapped.rejected("shift at '" + shiftPath + "' is too large: " + shift.get());
        }
        return Mapped.accepted((int) level);
    }

    private static Optional<Long> integer(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? Optional.of(node.longValue()) : Optional.empty();
        }
        if (node.isTextual() && INTEGER.matcher(node.textValue()).matches()) {
            try {
                return Optional.of(Long.parseLong(node.textValue()));
            } catch (NumberFormatException tooLong) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        // Overflow happened when both operands share a sign that the sum does not.
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    private static String describe(Optional<JsonNode> found) {
        return found.map(node -> switch (node.getNodeType()) {
            case STRING -> "got the string \"" + Excerpt.of(node.textValue()) + "\"";
            case NUMBER, BOOLEAN -> "got " + JsonKind.of(node) + " " + node;
            default -> "got " + JsonKind.of(node);
        }).orElse("but it is missing");
    }

    private static List<String> names(List<JsonPath> paths) {
        return paths.stream().map(JsonPath::toString).toList();
    }
}
