package io.jivohub.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The URL layout: which endpoint serves a path, and the URLs built from it. */
class EndpointTest {

    @Test
    void eachPathBelongsToTheMostSpecificEndpointThatServesIt() {
        assertThat(Endpoint.of("/jivo/get_key")).isEqualTo(Endpoint.GET_KEY);
        assertThat(Endpoint.of("/jivo/admin")).isEqualTo(Endpoint.DASHBOARD);
        assertThat(Endpoint.of("/jivo/admin/connections")).isEqualTo(Endpoint.ADMIN_CONNECTIONS);
        assertThat(Endpoint.of("/jivo/admin/connections/7/revoke")).isEqualTo(Endpoint.ADMIN_CONNECTIONS);
        assertThat(Endpoint.of("/jivo/admin/erasure")).isEqualTo(Endpoint.ADMIN_ERASURE);
        assertThat(Endpoint.of("/jivo/data/" + "a".repeat(64))).isEqualTo(Endpoint.DATA);
        assertThat(Endpoint.of("/jivo/all/" + "a".repeat(64))).isEqualTo(Endpoint.WEBHOOK);
        assertThat(Endpoint.of("/jivo/administrator/x")).as("a segment, not a prefix").isEqualTo(Endpoint.WEBHOOK);
        assertThat(Endpoint.of("/jivo/admin/x")).as("a dashboard page, or its 404 page").isEqualTo(Endpoint.DASHBOARD);
        assertThat(Endpoint.of("/health/x")).isNull();
        assertThat(Endpoint.of("/health")).isEqualTo(Endpoint.HEALTH);
        assertThat(Endpoint.of("/metrics")).isEqualTo(Endpoint.METRICS);
        assertThat(Endpoint.of("/")).isNull();
        assertThat(Endpoint.of("/jivohub")).isNull();
        assertThat(Endpoint.labelOf("/favicon.ico")).isEqualTo("other");
    }

    @Test
    void urlsHandedToUsersAreBuiltFromTheSameLayout() {
        assertThat(Endpoint.WEBHOOK.url("https://hooks.example.com", "all", "k")).isEqualTo(
                "https://hooks.example.com/jivo/all/k");
        assertThat(Endpoint.DATA.url("http://localhost:8080", "r")).isEqualTo("http://localhost:8080/jivo/data/r");
    }
}
