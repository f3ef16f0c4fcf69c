package io.ilagent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeartbeatMapperTest {
    private static Mapped<Ping> map(String payload) {
        return new HeartbeatMapper().map(payload.getBytes(StandardCharsets.UTF_8));
    }

    private static String rejection(String payload) {
        Mapped<Ping> result = map(payload);
        assertThat(result).isInstanceOf(Mapped.Rejected.class);
        return ((Mapped.Rejected<Ping>) result).reason();
    }

    @Test
    void apiKeyGivesAPing() {
        assertThat(map("{\"apiKey\": \"il1hbt\"}")).isEqualTo(Mapped.accepted(new Ping("il1hbt")));
    }

    @Test
    void integrationKeyGivesAPing() {
        assertThat(map("{\"integrationKey\": \"il1hbt\"}")).isEqualTo(Mapped.accepted(new Ping("il1hbt")));
    }

    @Test
    void extraFieldsAreIgnored() {
        assertThat(map("{\"integrationKey\": \"k\", \"status\": 5, \"summary\": 3}"))
                .isEqualTo(Mapped.accepted(new Ping("k")));
    }

    @Test
    void missingKeyIsRejectedNamingTheField() {
        assertThat(rejection("{\"other\": \"x\"}")).contains("integrationKey", "apiKey");
    }

    @Test
    void emptyKeyIsRejected() {
        assertThat(rejection("{\"integrationKey\": \"\"}")).contains("no integration key");
    }

    @Test
    void nonStringKeyIsRejectedNamingItsType() {
        assertThat(rejection("{\"apiKey\": 12}")).contains("'apiKey'", "a number");
    }

    @Test
    void bothKeysWithDifferentValuesAreRejected() {
        assertThat(rejection("{\"integrationKey\": \"a\", \"apiKey\": \"b\"}")).contains("different");
    }

    @Test
    void bothKeysWithTheSameValueAreAccepted() {
        assertThat(map("{\"integrationKey\": \"a\", \"apiKey\": \"a\"}")).isEqualTo(Mapped.accepted(new Ping("a")));
    }

    @Test
    void invalidJsonIsRejected() {
        assertThat(rejection("{not json")).contains("not valid JSON");
    }

    @Test
    void emptyPayloadIsRejected() {
        assertThat(rejection("")).contains("empty");
    }

    @Test
    void nonObjectIsRejected() {
        assertThat(rejection("42")).contains("JSON object", "a number");
    }

    @Test
    void invalidUtf8IsRejected() {
        assertThat(new HeartbeatMapper().map(new byte[] {'{', (byte) 0xE2, (byte) 0x82, '}'}))
                .isEqualTo(Mapped.rejected("payload is not valid UTF-8 (byte 2 of 4)"));
    }
}
