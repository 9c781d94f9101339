package io.roomcast.cluster.sharded;

import io.roomcast.cluster.testing.RedisFixture;
import io.roomcast.cluster.transport.LettuceTransport;
import io.roomcast.cluster.transport.PubSubTransport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sharded conformance suite against a real Redis 7 (SPUBLISH, SSUBSCRIBE, SHARDNUMSUB): three nodes. */
@Tag("integration")
class ShardedRedisAdapterIntegrationTests extends AbstractShardedAdapterConformanceTests {

    @RegisterExtension
    static final RedisFixture redis = RedisFixture.any();

    @Override
    protected PubSubTransport newTransport() {
        return LettuceTransport.connect(redis.uri());
    }

    @Override
    protected String key() {
        return redis.keyPrefix();
    }
}
