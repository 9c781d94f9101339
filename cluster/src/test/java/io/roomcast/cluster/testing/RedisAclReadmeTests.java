package io.roomcast.cluster.testing;

import io.roomcast.cluster.streams.StreamsAdapterOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ACL lines cluster/README.md gives users are the rules the TLS + ACL integration tests run with. */
class RedisAclReadmeTests {

    private static final String KEY = "socket.io";

    @Test
    void shouldDocumentTheTestedRulesForEachAdapter() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        StreamsAdapterOptions streams = StreamsAdapterOptions.defaults();
        assertThat(documented(readme, "classic")).isEqualTo(line(RedisAclRules.classic(KEY, "/")));
        assertThat(documented(readme, "sharded")).isEqualTo(line(RedisAclRules.sharded(KEY)));
        assertThat(documented(readme, "streams")).isEqualTo(line(RedisAclRules.streams(streams.streamName(),
                streams.channelPrefix(), streams.sessionKeyPrefix(), streams.liveSessionKeyPrefix())));
    }

    private static String line(List<String> rules) {
        return RedisAclRules.aclFileLine("roomcast", "secret", rules);
    }

    /** The first line of the code block after {@code <!-- acl:name -->}. */
    private static String documented(String readme, String name) {
        String marker = "<!-- acl:" + name + " -->\n```\n";
        int start = readme.indexOf(marker);
        assertThat(start).as("README.md has the marker %s", marker.strip()).isNotNegative();
        int from = start + marker.length();
        return readme.substring(from, readme.indexOf('\n', from));
    }
}
