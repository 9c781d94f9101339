package io.roomcast.cluster.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The least a Redis ACL user needs for each adapter, as {@code ACL SETUSER} rules: what cluster/README.md tells
 * users to configure ("Locking Redis down"), proven by the TLS + ACL integration tests and kept equal to the README
 * by {@code RedisAclReadmeTests}. Everything else is denied ({@code -@all}, {@code resetkeys}, {@code
 * resetchannels}): such a user cannot read or write other keys, run admin commands (CONFIG, FLUSHALL, CLIENT KILL,
 * DEBUG) or listen to other applications' channels.
 */
public final class RedisAclRules {

    /**
     * Lettuce's handshake (HELLO with AUTH; CLIENT SETNAME and SETINFO, whose refusal it ignores, are not granted),
     * PING (health checks) and INFO (the node's start-up check of the Redis version).
     */
    static final List<String> CONNECTION = List.of("-@all", "+hello", "+auth", "+ping", "+info");

    private RedisAclRules() {
    }

    /**
     * The classic adapter of channel prefix {@code key}: PUBLISH, SUBSCRIBE, PSUBSCRIBE and PUBSUB NUMSUB on its
     * channels. Redis matches a PSUBSCRIBE pattern literally against the allowed ones, so each namespace's pattern
     * {@code key#nsp#*} is listed besides the {@code key#*} glob.
     */
    public static List<String> classic(String key, String... namespaces) {
        List<String> rules = new ArrayList<>(CONNECTION);
        rules.addAll(List.of("+publish", "+subscribe", "+unsubscribe", "+psubscribe", "+punsubscribe",
                "+pubsub|numsub", "resetkeys", "resetchannels", "&" + key + "#*", "&" + key + "-request#*",
                "&" + key + "-response#*"));
        for (String namespace : namespaces) {
            rules.add("&" + key + "#" + namespace + "#*");
        }
        return rules;
    }

    /** The sharded adapter of channel prefix {@code key}: SPUBLISH, SSUBSCRIBE and PUBSUB SHARDNUMSUB. */
    public static List<String> sharded(String key) {
        List<String> rules = new ArrayList<>(CONNECTION);
        rules.addAll(List.of("+spublish", "+ssubscribe", "+sunsubscribe", "+pubsub|shardnumsub", "resetkeys",
                "resetchannels", "&" + key + "#*"));
        return rules;
    }

    /**
     * The streams adapter: XADD, XREAD, XRANGE and XREVRANGE on its stream, the session keys, and pub/sub on {@code
     * channelPrefix} for requests and responses.
     */
    public static List<String> streams(String stream, String channelPrefix, String sessionKeyPrefix,
                                       String liveSessionKeyPrefix) {
        List<String> rules = new ArrayList<>(CONNECTION);
        rules.addAll(List.of("+xadd", "+xread", "+xrange", "+xrevrange", "+set", "+get", "+del", "+multi", "+exec", "+hget",
                "+hset", "+pexpire",
                "+publish", "+subscribe", "+unsubscribe", "+pubsub|numsub", "resetkeys", "~" + stream + "*",
                "~" + sessionKeyPrefix + "*", "~" + liveSessionKeyPrefix + "*", "resetchannels",
                "&" + channelPrefix + "#*"));
        return rules;
    }

    /** The {@code user} line of a redis.conf or ACL file: {@code user name on >password rules...}. */
    public static String aclFileLine(String user, String password, List<String> rules) {
        return "user " + user + " on >" + password + " " + String.join(" ", rules);
    }
}
