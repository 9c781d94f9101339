package io.roomcast.cluster.testing;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** The key and channel prefix every fixture gives a test: {@code rc-test-<method>-<4 random bytes as hex>}. */
final class TestKeyPrefix {

    private TestKeyPrefix() {
    }

    static String of(ExtensionContext context) {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return "rc-test-" + context.getRequiredTestMethod().getName() + "-" + HexFormat.of().formatHex(random);
    }
}
