package io.ilagent.source.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RetainedMessagesTest {
    private final RetainedMessages retained = new RetainedMessages();

    private static Received received(String topic, String payload, boolean retain) {
        return new Received(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retain, () -> { });
    }

    @Test
    void aRetainedResendOfTheLastHandledMessageIsARepeat() {
        retained.handled(received("t", "a", true));

        assertThat(retained.isRepeat(received("t", "a", true))).isTrue();
    }

    @Test
    void aLiveMessageWithTheSameContentIsNeverARepeat() {
        retained.handled(received("t", "a", true));

        assertThat(retained.isRepeat(received("t", "a", false))).isFalse();
    }

    @Test
    void aRetainedMessageThatChangedWhileAwayIsApplied() {
        retained.handled(received("t", "a", true));

        assertThat(retained.isRepeat(received("t", "b", true))).isFalse();
        assertThat(retained.isRepeat(received("other", "a", true))).isFalse();
    }

    @Test
    void theLastLiveMessageCountsAsHandledToo() {
        retained.handled(received("t", "a", true));
        retained.handled(received("t", "b", false));

        assertThat(retained.isRepeat(received("t", "b", true))).isTrue();
        assertThat(retained.isRepeat(received("t", "a", true))).isFalse();
    }
}
