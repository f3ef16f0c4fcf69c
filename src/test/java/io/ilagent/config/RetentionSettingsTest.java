package io.ilagent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Retention durations as the flags take them, and how often the daemon prunes for them. */
class RetentionSettingsTest {
    @Test
    void aNumberWithAUnitIsADuration() {
        assertThat(RetentionSettings.parse("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(RetentionSettings.parse("12h")).isEqualTo(Duration.ofHours(12));
        assertThat(RetentionSettings.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(RetentionSettings.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(RetentionSettings.parse(" 7D ")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void zeroAndOffKeepForEver() {
        assertThat(RetentionSettings.parse("0")).isZero();
        assertThat(RetentionSettings.parse("off")).isZero();
    }

    @Test
    void aNumberWithoutAUnitOrAnythingElseIsRefusedWithAnExample() {
        for (String bad : new String[] {"30", "-1d", "1.5d", "d", "30 days", "", "9999999999d"}) {
            assertThatThrownBy(() -> RetentionSettings.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("e.g. 30d, 12h");
        }
    }

    @Test
    void durationsAreWrittenInTheirLargestWholeUnit() {
        assertThat(RetentionSettings.format(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(RetentionSettings.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(RetentionSettings.format(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(RetentionSettings.format(Duration.ofSeconds(61))).isEqualTo("61s");
        assertThat(RetentionSettings.format(Duration.ZERO)).isEqualTo("off");
    }

    @Test
    void theDaemonPrunesEveryTenthOfTheShorterRetentionBetweenTenSecondsAndAnHour() {
        assertThat(RetentionSettings.defaults().pruneInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(new RetentionSettings(Duration.ofMinutes(5), Duration.ofDays(90)).pruneInterval())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(new RetentionSettings(Duration.ZERO, Duration.ofMinutes(20)).pruneInterval())
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(new RetentionSettings(Duration.ofMinutes(1), Duration.ZERO).pruneInterval())
                .isEqualTo(Duration.ofSeconds(10));
    }
}
