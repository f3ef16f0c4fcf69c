package io.ilagent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilagent.config.EventMappingSettings;
import io.ilagent.config.FilterSettings;
import io.ilagent.config.PolicySettings;
import io.ilagent.delivery.EventPayload;
import io.ilagent.ilert.EventChannel;
import io.ilagent.source.Message;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes the MQTT/Kafka payload mappers (bench/fuzz.sh) with payloads and with the settings that change
 * their paths. Each must answer every payload with Accepted, Filtered or Rejected (a dead letter with a
 * reason) and never throw; what it accepts must be what the payload says. In a plain test run each method
 * replays its kept inputs in src/test/resources/io/ilagent/pipeline/PayloadMapperFuzzTestInputs/.
 * A kept input starts with one character per setting ('0' picks the first choice, which is "not set"), then
 * the payload: {@code 00000000000{"integrationKey": "k"}} is an event payload under default settings.
 */
class PayloadMapperFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    // The first choice of each is "not set", so a kept input of zeros ('0') runs the defaults.
    @SuppressWarnings("unchecked")
    private static final Optional<String>[] PATHS = new Optional[] {Optional.empty(), Optional.of("data.x"),
            Optional.of("state"), Optional.of("a.b"), Optional.of("summary")};
    @SuppressWarnings("unchecked")
    private static final Optional<String>[] VALUES = new Optional[] {Optional.empty(), Optional.of("on"),
            Optional.of("off"), Optional.of("ALERT"), Optional.of("")};
    @SuppressWarnings("unchecked")
    private static final Optional<String>[] NONE_OR_KEY = new Optional[] {Optional.empty(), Optional.of("k-1")};
    @SuppressWarnings("unchecked")
    private static final Optional<String>[] TIMESTAMP_PATHS = new Optional[] {Optional.empty(), Optional.of("ts"),
            Optional.of("data.ts")};

    @FuzzTest
    @DictionaryEntries({"\"integrationKey\"", "\"apiKey\"", "\"eventType\"", "\"summary\"", "\"details\"",
            "\"alertKey\"", "\"priority\"", "\"images\"", "\"links\"", "\"customDetails\"", "\"src\"", "\"href\"",
            "\"ALERT\"", "\"ACCEPT\"", "\"RESOLVE\"", "\"HIGH\"", "\"LOW\"", "\"state\"", "\"data\"", "\"on\"",
            "1e400", "\\ud800"})
    void anEventPayloadIsMappedFilteredOrRejectedButNeverThrows(byte[] input) throws Exception {
        Choices settingsFrom = new Choices(input, 11);
        EventMappingSettings settings = new EventMappingSettings(settingsFrom.pick(NONE_OR_KEY),
                settingsFrom.pick(PATHS), settingsFrom.pick(PATHS), settingsFrom.pick(PATHS),
                settingsFrom.pick(VALUES), settingsFrom.pick(VALUES), settingsFrom.pick(VALUES),
                settingsFrom.pick(new Boolean[] {false, true}));
        FilterSettings filter = new FilterSettings(settingsFrom.pick(PATHS), settingsFrom.pick(VALUES));
        Message.Source source = settingsFrom.pick(new Message.Source[] {Message.Source.MQTT, Message.Source.KAFKA});
        byte[] payload = settingsFrom.rest();

        Mapped<RoutedEvent> mapped = new EventMapper(settings, filter).map(payload, "site/1", Optional.of("m"), source);

        assertThat(mapped).isNotNull();
        switch (mapped) {
            case Mapped.Accepted<RoutedEvent> accepted -> {
                assertThat(STRICT.readTree(payload).isObject()).isTrue();
                assertThat(accepted.value().event().integrationKey()).isNotEmpty();
                assertThat(accepted.value().channel().name()).isEqualTo(source.name());
                // The outbox keeps the event as JSON and delivery reads it back: it must come back the same.
                EventPayload stored = EventPayload.of(accepted.value().channel(), accepted.value().event());
                assertThat(JSON.readValue(JSON.writeValueAsString(stored), EventPayload.class)).isEqualTo(stored);
            }
            case Mapped.Filtered<RoutedEvent> filtered -> assertThat(filter.key()).isPresent();
            case Mapped.Rejected<RoutedEvent> rejected -> assertThat(rejected.reason()).isNotBlank();
        }
    }

    @FuzzTest
    @DictionaryEntries({"\"data\"", "\"email\"", "\"shift\"", "\"location\"", "\"ts\"", "\"a\"", "\"b\"",
            "\"2026-12-02T08:00:00Z\"", "1e400", "9223372036854775807", "-9223372036854775808", "\"+1\"", "1.5"})
    void aPolicyPayloadIsMappedFilteredOrRejectedButNeverThrows(byte[] input) throws Exception {
        Choices settingsFrom = new Choices(input, 7);
        List<String> routingKeys = List.of(settingsFrom.pick(new String[][] {{"location"}, {"a", "b"}, {"data.site"}, {}}));
        String emailPath = settingsFrom.pick(new String[] {"data.email", "email", "a.b"});
        String shiftPath = settingsFrom.pick(new String[] {"data.shift", "shift", "a.b"});
        int offset = settingsFrom.pick(new Integer[] {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE});
        Optional<String> timestampPath = settingsFrom.pick(TIMESTAMP_PATHS);
        PolicySettings settings = new PolicySettings(routingKeys, emailPath, shiftPath, offset, false);
        settings = timestampPath.map(settings::withTimestampPath).orElse(settings);
        FilterSettings filter = new FilterSettings(settingsFrom.pick(PATHS), settingsFrom.pick(VALUES));
        byte[] payload = settingsFrom.rest();

        Mapped<PolicyUpdate> mapped = new PolicyMapper(settings, filter).map(payload);

        assertThat(mapped).isNotNull();
        switch (mapped) {
            case Mapped.Accepted<PolicyUpdate> accepted -> {
                JsonNode json = STRICT.readTree(payload);
                PolicyUpdate update = accepted.value();
                assertThat(update.email()).isEqualTo(JsonPath.of(emailPath).find(json).orElseThrow().textValue());
                assertThat(update.level()).isNotNegative();
                assertThat(update.sourceTime().isPresent()).isEqualTo(timestampPath.isPresent());
            }
            case Mapped.Filtered<PolicyUpdate> filtered -> assertThat(filter.key()).isPresent();
            case Mapped.Rejected<PolicyUpdate> rejected -> assertThat(rejected.reason()).isNotBlank();
        }
    }

    @FuzzTest
    @DictionaryEntries({"\"integrationKey\"", "\"apiKey\"", "null", "\"\""})
    void aHeartbeatPayloadIsAPingOrRejectedButNeverThrows(byte[] payload) throws Exception {
        Mapped<Ping> mapped = new HeartbeatMapper().map(payload);

        assertThat(mapped).isNotInstanceOf(Mapped.Filtered.class);
        switch (mapped) {
            case Mapped.Accepted<Ping> accepted -> {
                JsonNode json = STRICT.readTree(payload);
                JsonNode key = json.hasNonNull("integrationKey") ? json.get("integrationKey") : json.get("apiKey");
                assertThat(accepted.value().integrationKey()).isEqualTo(key.textValue());
                if (json.hasNonNull("integrationKey") && json.hasNonNull("apiKey")) {
                    assertThat(json.get("apiKey")).isEqualTo(json.get("integrationKey"));
                }
            }
            case Mapped.Filtered<Ping> filtered -> { }
            case Mapped.Rejected<Ping> rejected -> assertThat(rejected.reason()).isNotBlank();
        }
    }

    /** Reads one setting per leading byte ('0' is the first choice, '1' the second, ...); the rest is the payload. */
    private static final class Choices {
        private final byte[] input;
        private final int settings;
        private int next;

        Choices(byte[] input, int settings) {
            this.input = input;
            this.settings = Math.min(settings, input.length);
        }

        <T> T pick(T[] choices) {
            int index = next < settings ? Math.floorMod(input[next] - '0', choices.length) : 0;
            next++;
            return choices[index];
        }

        byte[] rest() {
            return java.util.Arrays.copyOfRange(input, settings, input.length);
        }
    }
}
