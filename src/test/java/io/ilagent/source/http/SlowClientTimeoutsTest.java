package io.ilagent.source.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class SlowClientTimeoutsTest {

    @Test
    void boundsRequestAndResponseTimeWhenNothingIsSet() {
        Properties system = new Properties();
        SlowClientTimeouts.applyDefaults(system);
        assertThat(system.getProperty("sun.net.httpserver.maxReqTime")).isEqualTo("30");
        assertThat(system.getProperty("sun.net.httpserver.maxRspTime")).isEqualTo("30");
    }

    @Test
    void keepsWhatTheOperatorSet() {
        Properties system = new Properties();
        system.setProperty("sun.net.httpserver.maxReqTime", "120");
        SlowClientTimeouts.applyDefaults(system);
        assertThat(system.getProperty("sun.net.httpserver.maxReqTime")).isEqualTo("120");
        assertThat(system.getProperty("sun.net.httpserver.maxRspTime")).isEqualTo("30");
    }
}
