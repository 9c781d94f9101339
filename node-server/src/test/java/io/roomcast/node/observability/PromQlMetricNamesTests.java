package io.roomcast.node.observability;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlMetricNamesTests {

    @Test
    void shouldFindMetricNamesButNotFunctionsLabelsOrKeywords() {
        assertThat(PromQlMetricNames.of("histogram_quantile(0.99, sum by (node, le) "
                + "(rate(roomcast_cluster_pubsub_latency_seconds_bucket{node=~\"$node\"}[$__rate_interval])))"))
                .containsExactly("roomcast_cluster_pubsub_latency_seconds_bucket");
    }

    @Test
    void shouldFindEveryOperandOfBinaryExpressions() {
        assertThat(PromQlMetricNames.of("sum(roomcast_connections) < 0.5 * sum(roomcast_connections offset 10m)"
                + " and sum(roomcast_engine_sessions offset 10m) > 100 or vector(0)"))
                .containsExactly("roomcast_connections", "roomcast_engine_sessions");
    }

    @Test
    void shouldIgnoreMatchingClausesAndStringsThatLookLikeNames() {
        assertThat(PromQlMetricNames.of("up{job=~\".*roomcast.*\"} == 0 "
                + "unless on (instance) group_left (version) label_replace(jvm_info, \"a\", \"b_c\", \"d\", \"e\")"))
                .containsExactly("jvm_info", "up");
    }

    @Test
    void shouldNotTakeDurationsOrScientificNumbersForNames() {
        assertThat(PromQlMetricNames.of("increase(roomcast_handshakes_total[1h:5m]) > 1e3"))
                .containsExactly("roomcast_handshakes_total");
    }
}
