package io.ilagent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private final Redactor redactor = new Redactor(List.of("s3cr3t-api-key", "mqtt\"pw", "", "ab"));

    @Test
    void masksConfiguredSecretsWherever() {
        assertThat(redactor.redact("key s3cr3t-api-key in https://x/?k=s3cr3t-api-key"))
                .isEqualTo("key **** in https://x/?k=****");
    }

    @Test
    void masksASecretAsItAppearsInsideJson() {
        assertThat(redactor.redact("{\"m\":\"pw mqtt\\\"pw\"}")).isEqualTo("{\"m\":\"pw ****\"}");
    }

    @Test
    void masksCredentialsItWasNotToldAbout() {
        assertThat(redactor.redact("Authorization: Bearer abc.def")).isEqualTo("Authorization: Bearer ****");
        assertThat(redactor.redact("header authorization=xyz123;")).isEqualTo("header authorization=****;");
        assertThat(redactor.redact("sent bearer Zm9vYmFy to")).isEqualTo("sent bearer **** to");
        assertThat(redactor.redact("jdbc:x?user=a&password=hunter2&y=1")).isEqualTo("jdbc:x?user=a&password=****&y=1");
        assertThat(redactor.redact("{\"password\":\"hunter2\"}")).isEqualTo("{\"password\":\"****\"}");
    }

    @Test
    void leavesOrdinaryTextAndShortValuesAlone() {
        assertThat(redactor.redact("about 2 tabs, level 5")).isEqualTo("about 2 tabs, level 5");
        assertThat(redactor.redact(null)).isNull();
    }
}
