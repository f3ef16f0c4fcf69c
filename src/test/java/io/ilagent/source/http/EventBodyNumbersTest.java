package io.ilagent.source.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** POST /api/events refuses a number beyond a 64-bit float with a 400 reason, as ilagent 0.9.0 did. */
class EventBodyNumbersTest {
    private final EventRequestParser parser = new EventRequestParser();

    @Test
    void aCustomDetailBeyondADoubleIsA400NotTheStringInfinity() {
        byte[] body = "{\"integrationKey\":\"il1\",\"eventType\":\"ALERT\",\"summary\":\"s\",\"customDetails\":{\"used\":1e400}}"
                .getBytes(StandardCharsets.UTF_8);

        assertThat(parser.parse(body)).isEqualTo(new EventRequestParser.Result.Invalid(
                "body is not valid JSON: number out of range (beyond a 64-bit float)"));
    }
}
