package io.ilagent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicFilterTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "ilert/events,     ilert/events,       true",
        "ilert/events,     ilert/Events,       false",
        "ilert/events,     ilert/events/x,     false",
        "ilert/+,          ilert/a,            true",
        "ilert/+,          ilert/a/b,          false",
        "ilert/+,          ilert,              false",
        "ilert/+,          ilert/,             true",
        "ilert/+/events,   ilert/x/events,     true",
        "ilert/+/policies, events/foo,         false",
        "ilert/#,          ilert,              true",
        "ilert/#,          ilert/a/b/c,        true",
        "ilert/#,          other/a,            false",
        "ilert/#,          ilertx,             false",
        "#,                factory/sensors/t,  true",
        "+/+,              a/b,                true",
        "+/+,              a,                  false",
        "+,                /a,                 false",
        "/+,               /a,                 true",
        "a//b,             a//b,               true",
        "#,                $SYS/broker,        false",
        "+/broker,         $SYS/broker,        false",
        "$SYS/#,           $SYS/broker,        true",
        "$share/g/ilert/+, ilert/a,            true",
        "$share/g/ilert/+, $share/g/ilert/a,   false",
    })
    void matchesAsMqttSpecifies(String filter, String topic, boolean expected) {
        assertThat(TopicFilter.parse(filter).matches(topic)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ilert/#/x", "ilert#", "ilert/a+", "+x/y", "$share/g", "$share//x", "$share/g/"})
    void invalidFiltersAreRefusedWithTheFilterNamed(String filter) {
        assertThatThrownBy(() -> TopicFilter.parse(filter))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + filter + "'");
    }

    @Test
    void wildcardsAreDetected() {
        assertThat(TopicFilter.parse("ilert/+/x").hasWildcard()).isTrue();
        assertThat(TopicFilter.parse("ilert/#").hasWildcard()).isTrue();
        assertThat(TopicFilter.parse("ilert/x").hasWildcard()).isFalse();
    }

    @Test
    void toStringIsTheFilterAsConfigured() {
        assertThat(TopicFilter.parse("$share/g/ilert/#")).hasToString("$share/g/ilert/#");
    }

    @Test
    void filtersAreEqualWhenConfiguredAlike() {
        assertThat(TopicFilter.parse("ilert/#")).isEqualTo(TopicFilter.parse("ilert/#"))
                .isNotEqualTo(TopicFilter.parse("ilert/+"));
    }
}
