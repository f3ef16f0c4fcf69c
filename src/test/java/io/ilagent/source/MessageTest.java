package io.ilagent.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageTest {
    private static Message message(byte[] payload) {
        return new Message("mqtt:t:1", Message.Source.MQTT, "t", Optional.empty(), payload, Instant.EPOCH);
    }

    @Test
    void changingTheSourceBufferDoesNotChangeTheMessage() {
        byte[] buffer = {1, 2, 3};
        Message message = message(buffer);
        buffer[0] = 9;
        assertThat(message.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void changingTheReturnedPayloadDoesNotChangeTheMessage() {
        Message message = message(new byte[] {1, 2, 3});
        message.payload()[0] = 9;
        assertThat(message.payload()).containsExactly(1, 2, 3);
    }

    @Test
    void messagesWithEqualContentAreEqual() {
        assertThat(message(new byte[] {1, 2})).isEqualTo(message(new byte[] {1, 2}))
                .hasSameHashCodeAs(message(new byte[] {1, 2}));
        assertThat(message(new byte[] {1, 2})).isNotEqualTo(message(new byte[] {1, 3}));
    }

    @Test
    void toStringShowsPayloadSizeNotContent() {
        assertThat(message("{\"note\":\"secret-payload\"}".getBytes()).toString())
                .contains("bytes").doesNotContain("secret-payload");
    }
}
