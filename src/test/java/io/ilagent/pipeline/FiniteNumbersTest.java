package io.ilagent.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A number beyond a 64-bit float is refused with a reason, never forwarded as "Infinity" (found by fuzzing). */
class FiniteNumbersTest {

    @Test
    void aPayloadWithANumberBeyondADoubleIsRejectedAsOutOfRange() {
        Mapped<?> mapped = JsonPayload.parseObject(
                "{\"summary\":\"s\",\"customDetails\":{\"used\":0.1e40092}}".getBytes(StandardCharsets.UTF_8));

        assertThat(mapped).isInstanceOf(Mapped.Rejected.class);
        assertThat(((Mapped.Rejected<?>) mapped).reason())
                .isEqualTo("payload is not valid JSON: number out of range (beyond a 64-bit float)");
    }

    @Test
    void largeButFiniteNumbersAndHugeIntegersStayAsTheyWere() {
        Mapped<?> mapped = JsonPayload.parseObject(
                "{\"a\":1.5e308,\"b\":-2.2e-308,\"c\":123456789012345678901234567890}".getBytes(StandardCharsets.UTF_8));

        assertThat(mapped).isInstanceOf(Mapped.Accepted.class);
        assertThat(((Mapped.Accepted<?>) mapped).value().toString())
                .isEqualTo("{\"a\":1.5E308,\"b\":-2.2E-308,\"c\":123456789012345678901234567890}");
    }
}
