package io.ilagent.source.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterOverlapsTest {
    @ParameterizedTest(name = "{0} and {1}: {2}")
    @CsvSource({
            "site/#, site/a, true",
            "site/#, site, true",
            "site/+, site/a, true",
            "site/+, site/a/b, false",
            "+/a, site/+, true",
            "site/a, site/b, false",
            "#, anything/at/all, true",
            "plant/+/events, plant/policy, false",
            "plant/+/events, plant/+/events/x, false",
    })
    void twoFiltersOverlapWhenSomeTopicMatchesBoth(String a, String b, boolean overlap) {
        assertThat(FilterOverlaps.overlap(a, b)).isEqualTo(overlap);
        assertThat(FilterOverlaps.overlap(b, a)).isEqualTo(overlap);
    }

    @Test
    void everyOverlappingPairIsNamedOnce() {
        assertThat(FilterOverlaps.in(List.of("site/#", "site/a", "other/x", "site/+")))
                .containsExactly("site/# and site/a", "site/# and site/+", "site/a and site/+");
    }
}
