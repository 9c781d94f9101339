package io.roomcast.node.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The environment of a config test: {@code HOSTNAME=pod-1} plus the given variables, as key-value pairs. */
final class TestEnv {

    private TestEnv() {
    }

    static NodeConfig load(String... keyValues) {
        Map<String, String> env = new HashMap<>(Map.of("HOSTNAME", "pod-1"));
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return EnvConfigLoader.load(env);
    }

    /** What the loader refuses in that environment; fails the test when it accepts it. */
    static List<String> problems(String... keyValues) {
        try {
            load(keyValues);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("the configuration was accepted");
    }
}
