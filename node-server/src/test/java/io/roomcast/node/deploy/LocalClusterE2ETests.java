package io.roomcast.node.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local cluster of deploy/local-cluster.sh as a user runs it: 3 nodes, Redis and HAProxy, driven through the
 * load balancer by the real socket.io-client. The sticky configuration keeps polling, websocket and upgrading
 * clients alive across nodes; the round-robin configuration shows what the test would see without stickiness.
 */
class LocalClusterE2ETests {

    private static final int NODES = 3;
    /** Fast heartbeats: 30 poll cycles take about 6 s. */
    private static final Map<String, String> FAST_HEARTBEATS = Map.of("PING_INTERVAL", "200ms");
    private static final int CYCLES = 30;
    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldKeepEveryTransportConnectedAndChattingAcrossNodesBehindStickyHaproxy(@TempDir Path workDir)
            throws Exception {
        try (LocalCluster cluster = LocalCluster.start(workDir, NODES, "sticky", true, FAST_HEARTBEATS)) {
            assertThat(cluster.output()).contains("http://127.0.0.1:" + cluster.lbPort + "/",
                    "http://127.0.0.1:" + cluster.prometheusPort + "/");
            cluster.managementPorts.forEach(port ->
                    assertThat(cluster.output()).contains("http://127.0.0.1:" + port + "/health/ready"));

            LbClientRun run = LbClientRun.drive(cluster.lbUrl(), CYCLES, 2, Duration.ofSeconds(30));

            for (JsonNode client : run.allClients()) {
                assertThat(client.get("connectedOnce").asBoolean()).as("%s connected\n%s", name(client), run).isTrue();
                assertThat(client.get("connectedAtEnd").asBoolean()).as("%s still connected", name(client)).isTrue();
                assertThat(client.get("errors")).as("%s errors\n%s", name(client), run).isEmpty();
                assertThat(client.get("disconnects")).as("%s disconnects\n%s", name(client), run).isEmpty();
                assertThat(client.get("pings").asInt()).as("%s heartbeats", name(client)).isGreaterThanOrEqualTo(CYCLES);
                assertThat(client.get("welcomeFrom").asText()).isEqualTo(name(client));
            }
            run.clients("polling").forEach(c -> assertThat(c.get("transport").asText()).isEqualTo("polling"));
            run.clients("websocket").forEach(c -> assertThat(c.get("transport").asText()).isEqualTo("websocket"));
            run.clients("default").forEach(c -> assertThat(c.get("transport").asText())
                    .as("default client upgraded through HAProxy").isEqualTo("websocket"));
            // Clients written as a user writes them first (no withCredentials, so no cookie store) stay on their
            // node by the session id alone.
            run.clients("bare-polling").forEach(c -> assertThat(c.get("transport").asText()).isEqualTo("polling"));
            run.clients("bare-default").forEach(c -> assertThat(c.get("transport").asText())
                    .as("cookie-less default client upgraded through HAProxy").isEqualTo("websocket"));

            // Clients that went through the polling handshake carry HAProxy's cookie: they sit on different nodes.
            Set<String> nodes = new HashSet<>();
            run.clients("polling").forEach(c -> nodes.add(c.get("node").asText()));
            run.clients("default").forEach(c -> nodes.add(c.get("node").asText()));
            assertThat(nodes).as("nodes serving the clients\n%s", run).hasSizeGreaterThanOrEqualTo(2)
                    .allMatch(node -> node.matches("node-[1-3]"));

            // Chat across nodes: every message reaches every client exactly once, in both rounds.
            List<String> texts = run.sentTexts();
            assertThat(texts).hasSize(2 * run.allClients().size());
            for (JsonNode client : run.allClients()) {
                for (String text : texts) {
                    assertThat(client.get("received").path(text).asInt())
                            .as("%s received %s", name(client), text).isEqualTo(1);
                }
                assertThat(client.get("received").size()).isEqualTo(texts.size());
            }

            // The cookie is what keeps a raw polling session on its node.
            HttpResponse<String> handshake = get(cluster.lbUrl() + "/socket.io/?EIO=4&transport=polling", null);
            String cookie = handshake.headers().firstValue("set-cookie").orElseThrow();
            assertThat(cookie).startsWith("SERVERID=" + handshake.headers().firstValue("x-served-by").orElseThrow());
            HttpResponse<String> poll = get(cluster.lbUrl() + "/socket.io/?EIO=4&transport=polling&sid="
                    + sid(handshake), cookie.substring(0, cookie.indexOf(';')));
            assertThat(poll.statusCode()).as(poll.body()).isEqualTo(200);

            // Without the cookie the sid alone keeps a raw polling session on its node, request after request.
            HttpResponse<String> bare = get(cluster.lbUrl() + "/socket.io/?EIO=4&transport=polling", null);
            String servedBy = bare.headers().firstValue("x-served-by").orElseThrow();
            String session = cluster.lbUrl() + "/socket.io/?EIO=4&transport=polling&sid=" + sid(bare);
            List<HttpResponse<String>> requests = new ArrayList<>();
            requests.add(post(session, "40"));
            HttpResponse<String> connected = get(session, null);
            assertThat(connected.body()).as("CONNECT reply of a cookie-less session").startsWith("40{");
            requests.add(connected);
            for (int i = 0; i < 2 * NODES; i++) {
                requests.add(post(session, "42[\"echo\",\"cookie-less\"]"));
            }
            for (HttpResponse<String> response : requests) {
                assertThat(response.statusCode()).as("%s %s", response.request().method(), response.body())
                        .isEqualTo(200);
                assertThat(response.headers().firstValue("x-served-by")).contains(servedBy);
            }

            assertPrometheusScrapesEveryNode(cluster);

            // Ctrl-C: the script stops HAProxy, Prometheus, the nodes and Redis, and exits 130.
            assertThat(cluster.interrupt(Duration.ofSeconds(40))).as("script exit status after SIGINT").isEqualTo(130);
            assertThat(cluster.ports(true)).as("ports still open after the script stopped")
                    .noneMatch(LocalCluster::listening);
        }
    }

    @Test
    void shouldLosePollingSessionsBehindRoundRobinHaproxy(@TempDir Path workDir) throws Exception {
        try (LocalCluster cluster = LocalCluster.start(workDir, NODES, "roundrobin", false, FAST_HEARTBEATS)) {
            LbClientRun run = LbClientRun.drive(cluster.lbUrl(), 10, 2, Duration.ofSeconds(6));

            // Without stickiness the requests of one polling session reach nodes that do not know its sid.
            for (JsonNode client : run.clients("polling")) {
                assertThat(client.get("connectedAtEnd").asBoolean()).as("%s survived\n%s", name(client), run).isFalse();
                assertThat(client.get("errors").size() + client.get("disconnects").size())
                        .as("%s saw a connect_error or disconnect\n%s", name(client), run).isPositive();
            }
            for (String kind : List.of("default", "bare-polling", "bare-default")) {
                for (JsonNode client : run.clients(kind)) {
                    assertThat(client.get("connectedAtEnd").asBoolean()).as("%s survived\n%s", name(client), run)
                            .isFalse();
                }
            }
            // A single WebSocket connection needs no stickiness: those clients still work (so the failures above
            // are the load balancer's, not a broken cluster).
            for (JsonNode client : run.clients("websocket")) {
                assertThat(client.get("connectedAtEnd").asBoolean()).as("%s connected\n%s", name(client), run).isTrue();
            }

            HttpResponse<String> handshake = get(cluster.lbUrl() + "/socket.io/?EIO=4&transport=polling", null);
            assertThat(handshake.headers().firstValue("set-cookie")).isEmpty();
            HttpResponse<String> poll = get(cluster.lbUrl() + "/socket.io/?EIO=4&transport=polling&sid="
                    + sid(handshake), null);
            assertThat(poll.headers().firstValue("x-served-by"))
                    .isNotEqualTo(handshake.headers().firstValue("x-served-by"));
            assertThat(poll.statusCode()).isEqualTo(400);
            assertThat(poll.body()).contains("Session ID unknown");

            assertThat(cluster.interrupt(Duration.ofSeconds(40))).isEqualTo(130);
            assertThat(cluster.ports(false)).noneMatch(LocalCluster::listening);
        }
    }

    private void assertPrometheusScrapesEveryNode(LocalCluster cluster) throws Exception {
        HttpResponse<String> targets = get("http://127.0.0.1:" + cluster.prometheusPort + "/api/v1/targets", null);
        JsonNode active = new ObjectMapper().readTree(targets.body()).path("data").path("activeTargets");
        Set<String> scrapeUrls = new HashSet<>();
        active.forEach(target -> scrapeUrls.add(target.get("scrapeUrl").asText()));
        assertThat(scrapeUrls).containsExactlyInAnyOrderElementsOf(cluster.managementPorts.stream()
                .map(port -> "http://127.0.0.1:" + port + "/metrics").toList());

        // Every node scraped: one roomcast_node_info series per NODE_ID (scrape interval 5 s).
        String query = "http://127.0.0.1:" + cluster.prometheusPort + "/api/v1/query?query=roomcast_node_info";
        Set<String> scrapedNodes = new HashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (scrapedNodes.size() < NODES && System.nanoTime() < deadline) {
            scrapedNodes.clear();
            new ObjectMapper().readTree(get(query, null).body()).path("data").path("result")
                    .forEach(series -> scrapedNodes.add(series.path("metric").path("node").asText()));
            Thread.sleep(500);
        }
        assertThat(scrapedNodes).as("nodes in roomcast_node_info; targets: %s", targets.body())
                .containsExactlyInAnyOrder("node-1", "node-2", "node-3");

        // The repository's alert rules are loaded as they are.
        Tools.repoFile("helm/roomcast/files/alerts/roomcast-alerts.yml");
        HttpResponse<String> rules = get("http://127.0.0.1:" + cluster.prometheusPort + "/api/v1/rules", null);
        JsonNode groups = new ObjectMapper().readTree(rules.body()).path("data").path("groups");
        assertThat(groups.size()).as("rule groups loaded by Prometheus: %s\n%s", rules.body(), cluster.output())
                .isPositive();
        groups.forEach(group -> assertThat(group.path("file").asText()).endsWith("roomcast-alerts.yml"));
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sid(HttpResponse<String> handshake) {
        Matcher matcher = SID.matcher(handshake.body());
        assertThat(matcher.find()).as("handshake body %s", handshake.body()).isTrue();
        return matcher.group(1);
    }

    private static String name(JsonNode client) {
        return client.get("name").asText();
    }
}
