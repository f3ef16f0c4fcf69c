package io.ilagent.pipeline;

import static io.ilagent.pipeline.TopicRouter.Route.EVENT;
import static io.ilagent.pipeline.TopicRouter.Route.HEARTBEAT;
import static io.ilagent.pipeline.TopicRouter.Route.IGNORED;
import static io.ilagent.pipeline.TopicRouter.Route.POLICY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilagent.config.TopicSettings;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TopicRouterTest {

    private static TopicSettings topics(String event, String heartbeat, String policy) {
        return new TopicSettings(Optional.ofNullable(event), Optional.ofNullable(heartbeat), Optional.ofNullable(policy));
    }

    private static TopicRouter.Route mqtt(TopicSettings topics, String topic) {
        return TopicRouter.mqtt(topics).route(topic);
    }

    @Nested
    class Mqtt {
        @Test
        void exactHeartbeatTopic() {
            assertThat(mqtt(topics("ilert/events", "ilert/heartbeats", null), "ilert/heartbeats")).isEqualTo(HEARTBEAT);
        }

        @Test
        void exactEventTopic() {
            assertThat(mqtt(topics("ilert/events", "ilert/heartbeats", null), "ilert/events")).isEqualTo(EVENT);
        }

        @Test
        void unmatchedTopicWithoutWildcardIsIgnored() {
            assertThat(mqtt(topics("ilert/events", "ilert/heartbeats", null), "other")).isEqualTo(IGNORED);
        }

        @Test
        void hashEventTopicCatchesEverything() {
            assertThat(mqtt(topics("#", null, null), "factory/sensors/temp")).isEqualTo(EVENT);
        }

        @Test
        void plusEventTopicMatchesOneLevel() {
            assertThat(mqtt(topics("ilert/+/events", null, null), "ilert/plant/events")).isEqualTo(EVENT);
        }

        @Test
        void wildcardEventTopicIgnoresTopicsOutsideItsFilter() {
            assertThat(mqtt(topics("ilert/+/events", null, null), "factory/sensors/temp")).isEqualTo(IGNORED);
            assertThat(mqtt(topics("ilert/#", null, null), "other/x")).isEqualTo(IGNORED);
        }

        @Test
        void heartbeatTakesPriorityOverHashEventTopic() {
            assertThat(mqtt(topics("#", "ilert/heartbeats", null), "ilert/heartbeats")).isEqualTo(HEARTBEAT);
        }

        @Test
        void policyTopic() {
            assertThat(mqtt(topics("ilert/events", null, "ilert/policies"), "ilert/policies")).isEqualTo(POLICY);
        }

        @Test
        void heartbeatTakesPriorityOverPolicy() {
            assertThat(mqtt(topics(null, "same", "same"), "same")).isEqualTo(HEARTBEAT);
        }

        @Test
        void policyTakesPriorityOverEvent() {
            assertThat(mqtt(topics("ilert/#", null, "ilert/policies"), "ilert/policies")).isEqualTo(POLICY);
        }

        @Test
        void eventWhenPolicyConfiguredButNotMatching() {
            assertThat(mqtt(topics("ilert/events", null, "ilert/policies"), "ilert/events")).isEqualTo(EVENT);
        }

        @Test
        void noPolicyTopicMeansNoPolicyRoute() {
            assertThat(mqtt(topics("ilert/events", "hb", null), "ilert/policies")).isEqualTo(IGNORED);
        }

        @Test
        void policyHashWildcard() {
            assertThat(mqtt(topics("ilert/events", null, "ilert/policies/#"), "ilert/policies/plant/a")).isEqualTo(POLICY);
        }

        @Test
        void policyPlusWildcard() {
            assertThat(mqtt(topics("ilert/events", null, "ilert/+/policies"), "ilert/plant/policies")).isEqualTo(POLICY);
        }

        @Test
        void policyWildcardDoesNotMatchUnrelatedTopic() {
            assertThat(mqtt(topics(null, null, "ilert/+/policies"), "events/foo")).isEqualTo(IGNORED);
        }

        @Test
        void policyHashMatchesParentLevel() {
            assertThat(mqtt(topics(null, null, "ilert/#"), "ilert")).isEqualTo(POLICY);
        }

        @Test
        void policyPlusRequiresExactLevelCount() {
            assertThat(mqtt(topics(null, null, "ilert/+"), "ilert/a/b")).isEqualTo(IGNORED);
        }

        @Test
        void heartbeatTakesPriorityOverHashPolicyTopic() {
            assertThat(mqtt(topics(null, "ilert/heartbeats", "#"), "ilert/heartbeats")).isEqualTo(HEARTBEAT);
            assertThat(mqtt(topics(null, "ilert/heartbeats", "#"), "ilert/other")).isEqualTo(POLICY);
        }

        @Test
        void heartbeatTopicMayUseWildcards() {
            assertThat(mqtt(topics("#", "hb/+", null), "hb/site1")).isEqualTo(HEARTBEAT);
        }

        @Test
        void sharedSubscriptionPrefixIsNotPartOfMatching() {
            assertThat(mqtt(topics("$share/agents/ilert/events", null, null), "ilert/events")).isEqualTo(EVENT);
        }

        @Test
        void noTopicsConfiguredIgnoresEverything() {
            assertThat(mqtt(TopicSettings.NONE, "ilert/events")).isEqualTo(IGNORED);
        }

        @Test
        void invalidFilterIsRefusedWhenTheRouterIsBuilt() {
            assertThatThrownBy(() -> TopicRouter.mqtt(topics("ilert/#/x", null, null)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ilert/#/x");
        }
    }

    @Nested
    class Kafka {
        private final TopicRouter router = TopicRouter.kafka(topics("events", "heartbeats", "policies"));

        @Test
        void exactNamesRoute() {
            assertThat(router.route("events")).isEqualTo(EVENT);
            assertThat(router.route("heartbeats")).isEqualTo(HEARTBEAT);
            assertThat(router.route("policies")).isEqualTo(POLICY);
        }

        @Test
        void otherTopicsAreIgnored() {
            assertThat(router.route("events2")).isEqualTo(IGNORED);
        }

        @Test
        void mqttWildcardsHaveNoMeaningForKafka() {
            assertThat(TopicRouter.kafka(topics("#", null, null)).route("events")).isEqualTo(IGNORED);
        }

        @Test
        void heartbeatTakesPriorityOverPolicyWithTheSameName() {
            assertThat(TopicRouter.kafka(topics("t", "t", "t")).route("t")).isEqualTo(HEARTBEAT);
        }
    }
}
