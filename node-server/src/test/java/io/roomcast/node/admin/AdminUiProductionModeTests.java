package io.roomcast.node.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomcast.node.NodeRuntime;
import io.roomcast.node.NodeServer;
import io.roomcast.node.RawSocketIoClient;
import io.roomcast.node.ToolProcess;
import io.roomcast.node.config.EnvConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One node (in-memory adapter) with {@code ADMIN_AUTH=none}, {@code ADMIN_MODE=production} and
 * {@code ADMIN_READONLY=true}: no credentials asked, statistics only, no command announced or applied.
 */
class AdminUiProductionModeTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static NodeRuntime node;

    @BeforeAll
    static void startNode() {
        node = NodeServer.start(EnvConfigLoader.load(Map.of(
                "HOST", "127.0.0.1",
                "PORT", String.valueOf(ToolProcess.freePort()),
                "MANAGEMENT_PORT", String.valueOf(ToolProcess.freePort()),
                "NODE_ID", "solo",
                "ADMIN_UI", "true",
                "ADMIN_AUTH", "none",
                "ADMIN_MODE", "production",
                "ADMIN_READONLY", "true")), io -> { });
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void shouldSendStatisticsOnlyAndAcceptNoCommand() throws Exception {
        try (RawSocketIoClient user = RawSocketIoClient.open(node.port());
             RawSocketIoClient admin = RawSocketIoClient.open(node.port())) {
            String sid = JSON.readTree(user.connect("/", "{\"user\":\"ada\"}").substring(2)).path("sid").asText();
            assertThat(admin.connect("/admin", null)).startsWith("40/admin,{\"sid\"");

            JsonNode config = JSON.readTree(admin.awaitEvent("/admin", "config").substring("42/admin,".length()));
            assertThat(config.get(1).path("supportedFeatures").toString()).isEqualTo("[\"AGGREGATED_EVENTS\"]");
            JsonNode stats = JSON.readTree(admin.awaitEvent("/admin", "server_stats").substring("42/admin,".length()));
            assertThat(stats.get(1).path("serverId").asText()).isEqualTo("solo");
            assertThat(stats.get(1).path("clientsCount").asInt()).isEqualTo(2);

            admin.emit("/admin", "_disconnect", "\"/\",false,\"" + sid + "\"");
            // the echo's ack proves the socket is still there after the command would have been applied
            admin.awaitEvent("/admin", "server_stats");
            assertThat(user.emitWithAck("echo", "\"still here\"")).isEqualTo("[\"still here\"]");
            assertThat(admin.framesSoFar(java.time.Duration.ZERO)).noneMatch(frame -> frame.contains("all_sockets")
                    || frame.contains("socket_connected") || frame.contains("event_received"));
        }
    }
}
