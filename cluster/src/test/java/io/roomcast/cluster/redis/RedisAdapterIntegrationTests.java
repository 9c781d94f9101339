package io.roomcast.cluster.redis;

import io.roomcast.cluster.testing.RedisFixture;
import io.roomcast.cluster.transport.LettuceTransport;
import io.roomcast.cluster.transport.PubSubTransport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance suite against a real Redis: three nodes, each with its own two lettuce connections. */
@Tag("integration")
class RedisAdapterIntegrationTests extends AbstractRedisAdapterConformanceTests {

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
