package io.roomcast.cluster.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Decodes payloads with Node.js as {@code @socket.io/redis-adapter} 8.3.0 does (notepack.io, or JSON.parse for a
 * leading '{'), through {@code src/test/node/decode.js}. Needs {@code node} and {@code npm} on the PATH: a missing
 * one fails the test, since the cross-check is the point.
 */
final class NodeDecoder {

    private static final Path SCRIPT_DIR = Path.of("src", "test", "node");

    private NodeDecoder() {
    }

    /** One plain value per payload; a payload Node cannot decode gives {@code {"$error": message}}. */
    static List<Object> decode(List<byte[]> payloads) {
        ensureInstalled();
        StringBuilder input = new StringBuilder();
        payloads.forEach(p -> input.append(HexFormat.of().formatHex(p)).append('\n'));
        String output = run(List.of("node", "decode.js"), input.toString());
        List<Object> values = new ArrayList<>();
        for (String line : output.lines().toList()) {
            values.add(fromNode(GoldenVectors.readObject(line)));
        }
        if (values.size() != payloads.size()) {
            throw new IllegalStateException("node decoded " + values.size() + " of " + payloads.size()
                    + " payloads:\n" + output);
        }
        return values;
    }

    private static Object fromNode(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("$binary") instanceof String hex) {
                return new Plain.Binary(hex);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, fromNode(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(NodeDecoder::fromNode).toList();
        }
        return Plain.of(value);
    }

    private static synchronized void ensureInstalled() {
        if (Files.isDirectory(SCRIPT_DIR.resolve("node_modules").resolve("notepack.io"))) {
            return;
        }
        run(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"), "");
    }

    private static String run(List<String> command, String input) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(SCRIPT_DIR.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + String.join(" ", command) + "': install Node.js 18+"
                    + " and npm (apt-get install nodejs npm) to cross-check the codec with notepack.io", e);
        }
        try {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            // read both streams before waiting, so a full pipe cannot block the child
            byte[] stdout = process.getInputStream().readAllBytes();
            byte[] stderr = process.getErrorStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' failed: "
                        + new String(stderr, StandardCharsets.UTF_8));
            }
            return new String(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            process.destroy();
        }
    }
}
