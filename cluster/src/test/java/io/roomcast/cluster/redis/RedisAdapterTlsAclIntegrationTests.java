package io.roomcast.cluster.redis;

import io.lettuce.core.RedisURI;
import io.roomcast.cluster.AdapterOptions;
import io.roomcast.cluster.ClusterException;
import io.roomcast.cluster.sharded.ShardedAdapterOptions;
import io.roomcast.cluster.sharded.ShardedRedisAdapterFactory;
import io.roomcast.cluster.testing.RedisAclRules;
import io.roomcast.cluster.testing.SecureRedisFixture;
import io.roomcast.cluster.testing.TestNode;
import io.roomcast.cluster.testing.TestNode.Client;
import io.roomcast.cluster.transport.LettuceTransport;
import io.roomcast.cluster.transport.LettuceTransportOptions;
import io.roomcast.cluster.transport.PubSubTransport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pub/sub adapters on a locked-down Redis: TLS only ({@code rediss://}, the server verified against a private
 * CA, a client certificate presented) and an ACL user holding only {@link RedisAclRules}' permissions. Broadcasts,
 * requests and the server count work across two nodes; the same user is refused anything else.
 */
@Tag("integration")
class RedisAdapterTlsAclIntegrationTests {

    @RegisterExtension
    static final SecureRedisFixture redis = SecureRedisFixture.create();

    @Test
    void shouldRunTheClassicAdapterOverTlsAsARestrictedUser() throws Exception {
        String key = redis.keyPrefix();
        RedisURI uri = restrictedUser(RedisAclRules.classic(key, "/"));
        AdapterOptions options = AdapterOptions.defaults().withKey(key);
        try (TestNode a = new TestNode(transport(uri), options); TestNode b = new TestNode(transport(uri), options)) {
            assertCrossNodeOperations(a, b);
        }
    }

    @Test
    void shouldRunTheShardedAdapterOverTlsAsARestrictedUser() throws Exception {
        String key = redis.keyPrefix();
        RedisURI uri = restrictedUser(RedisAclRules.sharded(key));
        ShardedAdapterOptions options = ShardedAdapterOptions.defaults().withChannelPrefix(key);
        PubSubTransport first = transport(uri);
        PubSubTransport second = transport(uri);
        try (TestNode a = new TestNode(first, new ShardedRedisAdapterFactory(first, options));
             TestNode b = new TestNode(second, new ShardedRedisAdapterFactory(second, options))) {
            assertCrossNodeOperations(a, b);
        }
    }

    @Test
    void shouldRefuseTheRestrictedUserOtherKeysAndChannels() {
        String key = redis.keyPrefix();
        RedisURI uri = restrictedUser(RedisAclRules.classic(key, "/"));
        try (PubSubTransport transport = transport(uri)) {
            assertThatThrownBy(() -> transport.publish("other-app#/#", new byte[] {1}).get(5, TimeUnit.SECONDS))
                    .hasMessageContaining("NOPERM");
        }
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create();
        client.setOptions(io.lettuce.core.ClientOptions.builder().sslOptions(redis.sslOptions()).build());
        try (var connection = client.connect(uri)) {
            assertThatThrownBy(() -> connection.sync().set("some-key", "x")).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> connection.sync().flushall()).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> connection.sync().configGet("*")).hasMessageContaining("NOPERM");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void shouldFailToConnectWithoutTheClientCertificateOrWithAWrongPassword() {
        RedisURI uri = restrictedUser(RedisAclRules.classic(redis.keyPrefix(), "/"));
        LettuceTransportOptions noClientCertificate = LettuceTransportOptions.DEFAULT.withSslOptions(
                io.lettuce.core.SslOptions.builder().jdkSslProvider().trustManager(redis.caFile().toFile()).build());
        assertThatThrownBy(() -> LettuceTransport.connect(uri, noClientCertificate))
                .isInstanceOf(ClusterException.class).hasMessageContaining("certificate_required");
        RedisURI wrongPassword = redis.uri("roomcast", "not-the-password");
        assertThatThrownBy(() -> transport(wrongPassword)).isInstanceOf(ClusterException.class)
                .hasMessageContaining("WRONGPASS");
    }

    private static void assertCrossNodeOperations(TestNode a, TestNode b) throws Exception {
        Client here = a.connect();
        Client there = b.connect();
        there.socket().join("room");
        a.nsp().to("room").emit("hello", "over TLS");
        there.client().awaitText("2[\"hello\",\"over TLS\"]"::equals);
        assertThat(a.nsp().fetchSockets().get(5, TimeUnit.SECONDS)).hasSize(2);
        assertThat(a.adapter().serverCount().get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(here.client().texts()).isEmpty();
        assertThat(a.observed().publishFailures()).isZero();
    }

    private static RedisURI restrictedUser(List<String> rules) {
        redis.createUser("roomcast", "adapter-password", rules);
        return redis.uri("roomcast", "adapter-password");
    }

    private static LettuceTransport transport(RedisURI uri) {
        return LettuceTransport.connect(uri, LettuceTransportOptions.DEFAULT.withSslOptions(redis.sslOptions()));
    }
}
