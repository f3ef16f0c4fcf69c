package io.ilagent.ilert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The event body written without an ObjectMapper is the one an ObjectMapper writes, byte for byte. */
class EventJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<Event> events() throws Exception {
        JsonNode details = MAPPER.readTree("""
                {"env":"prod","n":1.5e3,"big":123456789012345678901234567890,"list":[true,null,{"x":"\\u0001"}]}""");
        return Stream.of(
                new Event("il1api1", EventType.ALERT, "Server down", null, null, null, null, null, null),
                new Event("il1api1", EventType.RESOLVE, null, null, "host-1", null, null, null, null),
                new Event("il1api1", EventType.ALERT, "Server down", "disk full", "host-1", Priority.HIGH,
                        List.of(new Event.Image("https://i/x.png", null, null), new Event.Image("s", "h", "a")),
                        List.of(new Event.Link("https://x", "Provided Url"), new Event.Link(null, null)), details),
                new Event("il1api1", EventType.COMMENT, "quote \" backslash \\ tab \t newline \n nul \u0000 é 𝄞 </script>",
                        "\u2028 line separator", "ключ", Priority.LOW, List.of(), List.of(), MAPPER.createObjectNode()),
                new Event("il1api1", EventType.ACCEPT, "", "", "", null, null, null, JsonNodeFactory.instance.nullNode()),
                new Event("il1api1", EventType.ALERT, "s", null, null, null, null, null, JsonNodeFactory.instance.textNode("plain")));
    }

    @ParameterizedTest
    @MethodSource("events")
    void anEventIsWrittenAsJacksonsObjectMapperWritesIt(Event event) throws Exception {
        byte[] written = EventJson.bytes(event, () -> MAPPER);

        assertThat(new String(written, StandardCharsets.UTF_8))
                .isEqualTo(new String(MAPPER.writeValueAsBytes(event), StandardCharsets.UTF_8));
    }

    @Test
    void anEventWithoutCustomDetailsNeedsNoObjectMapper() throws Exception {
        Supplier<ObjectMapper> none = () -> {
            throw new AssertionError("an ObjectMapper was asked for");
        };
        Event event = new Event("il1api1", EventType.ALERT, "s", "d", "k", Priority.HIGH,
                List.of(new Event.Image("src", null, null)), List.of(new Event.Link("href", "text")), null);

        assertThat(EventJson.bytes(event, none)).isEqualTo(MAPPER.writeValueAsBytes(event));
    }

    @Test
    void customDetailsAreWrittenWithTheObjectMapperGiven() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Event event = new Event("il1api1", EventType.ALERT, "s", null, null, null, null, null,
                MAPPER.createObjectNode().put("env", "prod"));

        EventJson.bytes(event, () -> {
            asked.incrementAndGet();
            return MAPPER;
        });

        assertThat(asked).hasValue(1);
        assertThatThrownBy(() -> EventJson.bytes(event, () -> {
            throw new IllegalStateException("no mapper");
        })).hasMessage("no mapper");
    }
}
