package io.ilagent.source.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilagent.config.EventMappingSettings;
import io.ilagent.config.FilterSettings;
import io.ilagent.pipeline.EventMapper;
import io.ilagent.pipeline.Mapped;
import io.ilagent.pipeline.RoutedEvent;
import io.ilagent.source.Message;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same bytes get the same verdict and the same reason over HTTP (POST /api/events) and over MQTT/Kafka
 * (the event mapper): both read JSON through pipeline/JsonDocument. They once disagreed on a lone surrogate
 * escape in a field name (fuzz finding 4), and on a byte order mark, overlong UTF-8 and UTF-16.
 */
class OneJsonReaderForEverySourceTest {
    private static final String FIELDS = "\"integrationKey\":\"il1\",\"eventType\":\"ALERT\",\"summary\":\"s\"";
    private final EventRequestParser http = new EventRequestParser();
    private final EventMapper mqtt = new EventMapper(EventMappingSettings.NONE, FilterSettings.NONE);

    static Stream<Arguments> bodies() {
        return Stream.of(
                refused("lone high surrogate in a field name", utf8("{" + FIELDS + ",\"customDetails\":{\"\\ud800\":1}}"),
                        "is not valid JSON: a field name at 'customDetails' holds a lone surrogate escape (\\ud800-\\udfff"
                                + " without its pair), which is no Unicode character; escape a character beyond U+FFFF"
                                + " as a pair, e.g. \\ud83d\\ude00"),
                refused("lone low surrogate in a string", utf8("{" + FIELDS + ",\"details\":\"x\\udc00\"}"),
                        "is not valid JSON: the string at 'details' holds a lone surrogate escape"),
                refused("lone surrogate in a top-level field name", utf8("{\"\\ud800\":1," + FIELDS + "}"),
                        "is not valid JSON: a field name at the top level holds a lone surrogate escape"),
                refused("byte order mark", bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("{" + FIELDS + "}")),
                        "starts with a byte order mark (EF BB BF): send the JSON without it"),
                refused("overlong UTF-8 for '/'", bytes(utf8("{" + FIELDS + ",\"details\":\""),
                        new byte[] {(byte) 0xC0, (byte) 0xAF}, utf8("\"}")), "is not valid UTF-8 (byte 70 of 73)"),
                refused("a surrogate encoded as UTF-8 bytes", bytes(utf8("{" + FIELDS + ",\"details\":\""),
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8("\"}")), "is not valid UTF-8 (byte 70 of 74)"),
                refused("UTF-16", ("{" + FIELDS + "}").getBytes(StandardCharsets.UTF_16LE),
                        "is not valid JSON: Illegal character ((CTRL-CHAR, code 0))"),
                refused("number beyond a double", utf8("{" + FIELDS + ",\"customDetails\":{\"n\":1e400}}"),
                        "is not valid JSON: number out of range (beyond a 64-bit float)"),
                refused("trailing content", utf8("{" + FIELDS + "} x"), "is not valid JSON: Unrecognized token 'x'"),
                refused("blank", utf8("  \n"), "is empty: expected a JSON object"),
                refused("an array", utf8("[1]"), "must be a JSON object, got an array"),
                Arguments.of("surrogate pair in a name and a string", utf8("{" + FIELDS
                        + ",\"details\":\"\\ud83d\\ude00 \uD83D\uDE00\",\"customDetails\":{\"\\ud83d\\ude00\":1}}"), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void theSameBytesGetTheSameVerdictAndReasonOverHttpAndMqtt(String name, byte[] body, String reason) {
        EventRequestParser.Result overHttp = http.parse(body);
        Mapped<RoutedEvent> overMqtt = mqtt.map(body, "site/1", Optional.empty(), Message.Source.MQTT);

        if (reason == null) {
            assertThat(overHttp).isInstanceOf(EventRequestParser.Result.Valid.class);
            assertThat(overMqtt).isInstanceOf(Mapped.Accepted.class);
            assertThat(((Mapped.Accepted<RoutedEvent>) overMqtt).value().event())
                    .isEqualTo(((EventRequestParser.Result.Valid) overHttp).event());
            return;
        }
        assertThat(overHttp).isInstanceOf(EventRequestParser.Result.Invalid.class);
        assertThat(overMqtt).isInstanceOf(Mapped.Rejected.class);
        String httpReason = ((EventRequestParser.Result.Invalid) overHttp).error();
        String mqttReason = ((Mapped.Rejected<RoutedEvent>) overMqtt).reason();
        assertThat(httpReason).startsWith("body " + reason);
        assertThat(mqttReason).startsWith("payload " + reason);
        assertThat(httpReason.substring("body ".length())).isEqualTo(mqttReason.substring("payload ".length()));
    }

    private static Arguments refused(String name, byte[] body, String reasonStart) {
        return Arguments.of(name, body, reasonStart);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
