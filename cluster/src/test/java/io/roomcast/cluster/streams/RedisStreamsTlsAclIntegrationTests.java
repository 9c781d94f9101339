package io.roomcast.cluster.streams;

import io.lettuce.core.RedisURI;
import io.roomcast.cluster.streams.StreamsTestNode.Client;
import io.roomcast.cluster.testing.RedisAclRules;
import io.roomcast.cluster.testing.SecureRedisFixture;
import io.roomcast.cluster.transport.LettuceTransportOptions;
import io.roomcast.socketio.ConnectionStateRecovery;
import io.roomcast.socketio.adapter.RecoveryResult;
import io.roomcast.socketio.adapter.SavedSession;
import io.roomcast.socketio.adapter.SessionRestore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The streams adapter on a locked-down Redis (TLS only, client certificates, an ACL user holding only
 * {@link RedisAclRules#streams}): broadcasts, requests, and a session saved by one node and restored with its missed
 * packets by another.
 */
@Tag("integration")
class RedisStreamsTlsAclIntegrationTests {

    @RegisterExtension
    static final SecureRedisFixture redis = SecureRedisFixture.create();

    private static final String SID = "voG4q2X6yUN0kBZoAAAA";
    private static final String PID = "liLPcgglchK3e8wzAAAB";

    @Test
    void shouldBroadcastAndRecoverSessionsOverTlsAsARestrictedUser() throws Exception {
        String prefix = redis.keyPrefix();
        StreamsAdapterOptions options = StreamsAdapterOptions.defaults().withStreamName(prefix)
                .withChannelPrefix(prefix).withSessionKeyPrefix(prefix + ":session:")
                .withLiveSessionKeyPrefix(prefix + ":live:").withBlockTime(Duration.ofSeconds(1));
        redis.createUser("roomcast", "adapter-password", RedisAclRules.streams(options.streamName(),
                options.channelPrefix(), options.sessionKeyPrefix(), options.liveSessionKeyPrefix()));
        RedisURI uri = redis.uri("roomcast", "adapter-password");
        LettuceTransportOptions tls = LettuceTransportOptions.DEFAULT.withSslOptions(redis.sslOptions());
        ConnectionStateRecovery recovery = ConnectionStateRecovery.defaults()
                .withMaxDisconnectionDuration(Duration.ofMinutes(1));
        try (StreamsTestNode a = new StreamsTestNode(uri, tls, options, recovery);
             StreamsTestNode b = new StreamsTestNode(uri, tls, options, recovery)) {
            Client there = b.connect();
            there.socket().join("room1");
            a.nsp().emit("before");
            String offset = offsetOf(there, "before");
            assertThat(a.nsp().fetchSockets().get(5, TimeUnit.SECONDS)).hasSize(1);
            assertThat(a.adapter().serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(2);

            a.adapter().persistSession(new SavedSession(SID, PID, Set.of(SID, "room1"), Map.of("user", "ann")));
            a.nsp().to("room1").emit("missed");
            offsetOf(there, "missed");
            SessionRestore restore = b.adapter().restoreSession(PID, offset, session -> { })
                    .get(10, TimeUnit.SECONDS);
            assertThat(restore.result()).isEqualTo(RecoveryResult.RECOVERED);
            assertThat(restore.session().rooms()).containsExactlyInAnyOrder(SID, "room1");
            assertThat(restore.missedPackets()).hasSize(1);
            assertThat(a.observed().publishFailures() + b.observed().publishFailures()).isZero();
        }
    }

    private static String offsetOf(Client client, String event) {
        String start = "2[\"" + event + "\",\"";
        await().atMost(Duration.ofSeconds(5)).until(() -> client.client().texts().stream()
                .anyMatch(text -> text.startsWith(start)));
        String text = client.client().texts().stream().filter(t -> t.startsWith(start)).findFirst().orElseThrow();
        return text.substring(start.length(), text.length() - 2);
    }
}
