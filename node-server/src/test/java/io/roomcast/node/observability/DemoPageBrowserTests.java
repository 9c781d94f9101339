package io.roomcast.node.observability;

import io.roomcast.node.ToolProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo page as people use it: headless Chromium opens it through HAProxy in three browser contexts, Ada and
 * Grace at desktop size on different nodes (Grace's first request carries the sticky cookie of the node Ada did not
 * land on) and Linus on a phone (390x844, touch) on Ada's node. Each page names its node and lists the room's
 * members with theirs; joins and a leave are announced; a message and cursors on the shared board (mouse and
 * finger) cross the nodes; the phone page does not scroll sideways; the favicons are served; no console error,
 * page error or failed HTTP response. Screenshots are kept in
 * {@code target/test-artifacts/demo-page-*.png}.
 */
class DemoPageBrowserTests {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G'};
    private static final List<String> SCREENSHOTS =
            List.of("demo-page-ada.png", "demo-page-grace.png", "demo-page-phone-linus.png");

    @Test
    void shouldShowNodesMessagesAndCursorsAcrossTwoNodesOnDesktopAndPhone() throws IOException {
        Path node = ExternalTool.NODE.path();
        Path chromium = ExternalTool.CHROMIUM.path();
        Path suite = installedBrowserSuite();
        Path artifacts = ProjectFiles.artifacts();
        for (String screenshot : SCREENSHOTS) {
            Files.deleteIfExists(artifacts.resolve(screenshot));
        }

        try (TwoNodeCluster cluster = TwoNodeCluster.start();
             HaproxyServer haproxy = HaproxyServer.start(cluster.nodes())) {
            ToolProcess.Result run = ToolProcess.run("browser", List.of(node.toString(), "demo-page-two-nodes.js"),
                    suite, Map.of(
                            "ROOMCAST_URL", haproxy.url(),
                            "SERVERS", TwoNodeCluster.NODE_A + "," + TwoNodeCluster.NODE_B,
                            "SERVER_COOKIE", HaproxyServer.COOKIE,
                            "SERVED_BY_HEADER", HaproxyServer.SERVED_BY,
                            "SCREENSHOT_DIR", artifacts.toString(),
                            "CHROMIUM", chromium.toString()),
                    SCRIPT_TIMEOUT);
            assertThat(run.exitCode()).as("browser script output:\n%s\nHAProxy:\n%s", run.output(), haproxy.output())
                    .isZero();
            JsonNode seen = lastJsonLine(run.output());
            assertThat(texts(seen.path("problems"))).as("console errors, page errors, HTTP errors").isEmpty();
            Map<String, JsonNode> users = new LinkedHashMap<>();
            seen.path("users").forEach(user -> users.put(user.path("name").asText(), user));
            assertThat(users).containsOnlyKeys("Ada", "Grace", "Linus");

            assertEachPageIsOnTheNodeThatServesIt(users);
            assertTheMessageAndTheCursorsCrossedTheNodes(seen, users);
            assertEveryPageListsTheRoomAcrossTheCluster(seen, users);
            assertThePhonePageFitsItsWidth(seen.path("phone"));
            assertFaviconsAreServed(seen.path("favicons"));
            assertThat(texts(seen.path("screenshots")))
                    .containsExactlyElementsOf(SCREENSHOTS.stream().map(f -> artifacts.resolve(f).toString()).toList());
            for (String screenshot : SCREENSHOTS) {
                assertThat(Files.readAllBytes(artifacts.resolve(screenshot))).as(screenshot).startsWith(PNG_SIGNATURE);
            }
        }
    }

    /** Every Socket.IO response came from the cookie's node, the page names it, and Ada and Grace differ. */
    private static void assertEachPageIsOnTheNodeThatServesIt(Map<String, JsonNode> users) {
        for (JsonNode user : users.values()) {
            String name = user.path("name").asText();
            String cookie = user.path("cookie").asText();
            assertThat(texts(user.path("servedBy"))).as("nodes that served %s's Socket.IO requests", name)
                    .containsExactly(cookie);
            assertThat(user.path("node").asText()).as("the node %s's page names", name).isEqualTo(cookie);
        }
        assertThat(Set.of(users.get("Ada").path("cookie").asText(), users.get("Grace").path("cookie").asText()))
                .as("Ada and Grace are on different nodes")
                .containsExactlyInAnyOrder(TwoNodeCluster.NODE_A, TwoNodeCluster.NODE_B);
        assertThat(users.get("Linus").path("cookie").asText()).as("Linus shares Ada's node")
                .isEqualTo(users.get("Ada").path("cookie").asText());
    }

    private static void assertTheMessageAndTheCursorsCrossedTheNodes(JsonNode seen, Map<String, JsonNode> users) {
        for (String name : users.keySet()) {
            assertThat(seen.path("seenTexts").path(name).asText()).as("the message on %s's page", name)
                    .contains(seen.path("text").asText(), "Ada");
        }
        List<String> cursors = StreamSupport.stream(seen.path("cursors").spliterator(), false)
                .map(c -> c.path("mover").asText() + "->" + c.path("viewer").asText() + " as " + c.path("user").asText())
                .toList();
        assertThat(cursors).as("cursors seen on the other pages").containsExactlyInAnyOrder(
                "Ada->Grace as Ada", "Ada->Linus as Ada", "Linus->Ada as Linus", "Linus->Grace as Linus",
                "Grace->Ada as Grace", "Grace->Linus as Grace");
        for (JsonNode user : users.values()) {
            String name = user.path("name").asText();
            JsonNode self = StreamSupport.stream(seen.path("members").path(name).spliterator(), false)
                    .filter(member -> member.path("id").asText().equals(user.path("id").asText()))
                    .findFirst().orElseThrow(() -> new AssertionError(name + " is not in its own member list"));
            assertThat(self.path("node").asText()).as("%s's node in its member list", name)
                    .isEqualTo(user.path("node").asText());
        }
    }

    /** Member lists name every member's node; joins and Linus's leave are announced on the pages already there. */
    private static void assertEveryPageListsTheRoomAcrossTheCluster(JsonNode seen, Map<String, JsonNode> users) {
        Map<String, String> nodes = new LinkedHashMap<>();
        users.forEach((name, user) -> nodes.put(name, user.path("node").asText()));
        for (String name : users.keySet()) {
            assertThat(membersShown(seen.path("members").path(name))).as("members on %s's page", name)
                    .isEqualTo(nodes);
        }
        Map<String, String> afterLeave = new LinkedHashMap<>(nodes);
        afterLeave.remove("Linus");
        for (String name : List.of("Ada", "Grace")) {
            assertThat(membersShown(seen.path("membersAfterLeave").path(name)))
                    .as("members on %s's page after Linus left", name).isEqualTo(afterLeave);
        }
        String room = "demo-board on ";
        assertThat(texts(seen.path("notices").path("Ada"))).as("notices on Ada's page").satisfiesExactly(
                grace -> assertThat(grace).contains("Grace joined " + room + nodes.get("Grace"), "2 here"),
                linus -> assertThat(linus).contains("Linus joined " + room + nodes.get("Linus"), "3 here"),
                left -> assertThat(left).contains("Linus left " + room + nodes.get("Linus"), "2 here"));
        assertThat(texts(seen.path("notices").path("Grace"))).as("notices on Grace's page").satisfiesExactly(
                linus -> assertThat(linus).contains("Linus joined " + room + nodes.get("Linus"), "3 here"),
                left -> assertThat(left).contains("Linus left " + room + nodes.get("Linus"), "2 here"));
    }

    /** user -> node of a page's member list. */
    private static Map<String, String> membersShown(JsonNode members) {
        Map<String, String> shown = new java.util.TreeMap<>();
        members.forEach(member -> shown.put(member.path("user").asText(), member.path("node").asText()));
        return shown;
    }

    private static void assertThePhonePageFitsItsWidth(JsonNode phone) {
        assertThat(phone.path("viewport").asInt()).isEqualTo(390);
        assertThat(phone.path("scrollWidth").asInt()).as("the phone page's scroll width").isLessThanOrEqualTo(390);
        assertThat(texts(phone.path("wide"))).as("elements wider than the phone").isEmpty();
    }

    private static void assertFaviconsAreServed(JsonNode favicons) {
        assertThat(favicons.path("favicon.svg").path("status").asInt()).isEqualTo(200);
        assertThat(favicons.path("favicon.svg").path("type").asText()).isEqualTo("image/svg+xml");
        assertThat(favicons.path("favicon.ico").path("status").asInt()).isEqualTo(200);
        assertThat(favicons.path("favicon.ico").path("type").asText()).isEqualTo("image/x-icon");
    }

    /** The browser suite with playwright-core installed from its lock file (it downloads no browser). */
    private static Path installedBrowserSuite() {
        Path suite = ProjectFiles.browserSuite();
        if (!Files.isRegularFile(suite.resolve("node_modules/playwright-core/package.json"))) {
            ToolProcess.Result install = ToolProcess.run("npm-ci", List.of(ExternalTool.NPM.path().toString(), "ci",
                            "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund"),
                    suite, Map.of(), Duration.ofMinutes(5));
            assertThat(install.exitCode()).as("npm ci in %s:\n%s", suite, install.output()).isZero();
        }
        return suite;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static JsonNode lastJsonLine(String output) throws IOException {
        String line = output.lines().filter(candidate -> candidate.startsWith("{")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no result line from the browser script:\n" + output));
        return new ObjectMapper().readTree(line);
    }
}
