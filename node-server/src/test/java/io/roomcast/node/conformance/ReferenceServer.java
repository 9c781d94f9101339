package io.roomcast.node.conformance;

import io.roomcast.node.ToolProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Node.js socket.io 4.8 reference server ({@code reference-server.js}) running as a child process. */
final class ReferenceServer implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("(?m)^listening (\\d+)$");
    private static final Duration STARTUP = Duration.ofSeconds(20);

    private final ToolProcess child;
    private final int port;

    private ReferenceServer(ToolProcess child, int port) {
        this.child = child;
        this.port = port;
    }

    /** Starts {@code node reference-server.js --port 0 <options>} and waits for {@code listening <port>}. */
    static ReferenceServer start(NodeJs node, String name, List<String> options) {
        List<String> args = new ArrayList<>(List.of("reference-server.js", "--port", "0"));
        args.addAll(options);
        ToolProcess child = node.start("reference-" + name, args, Map.of());
        try {
            return new ReferenceServer(child, awaitPort(child));
        } catch (RuntimeException | Error e) {
            child.close();
            throw e;
        }
    }

    private static int awaitPort(ToolProcess child) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = LISTENING.matcher(child.output());
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
            if (!child.process().isAlive()) {
                throw new AssertionError("reference server " + child.name() + " exited with "
                        + child.process().exitValue() + ":\n" + child.output());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while starting " + child.name(), e);
            }
        }
        throw new AssertionError("reference server " + child.name() + " did not print `listening <port>` within "
                + STARTUP.toSeconds() + " s:\n" + child.output());
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        child.close();
    }
}
