package io.roomcast.cluster.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The messages Node's adapter and emitter published in a capture ({@code src/test/resources/wire/<folder>/}, copied
 * from {@code shared/wire-captures}): the bytes from {@code psub.jsonl} paired with the value Node decoded them to in
 * {@code decoded-psub.txt} (util.inspect output for MessagePack, the text itself for JSON). Marker messages on
 * {@code zz-marker}, which only separate the steps, are left out.
 */
final class GoldenVectors {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One captured message. */
    record Message(String folder, String step, String channel, byte[] bytes, boolean json, Object expected) {
        @Override
        public String toString() {
            return folder + " / " + step + " / " + channel;
        }
    }

    private GoldenVectors() {
    }

    static List<Message> load(String folder) {
        List<String[]> captured = captured(folder);
        List<Message> messages = decoded(folder, captured);
        if (messages.size() != captured.size()) {
            throw new IllegalStateException(folder + ": " + captured.size() + " captured messages but "
                    + messages.size() + " decoded ones");
        }
        return messages;
    }

    /** channel and hex of each non-marker line of psub.jsonl. */
    private static List<String[]> captured(String folder) {
        List<String[]> out = new ArrayList<>();
        for (String line : lines(folder + "/psub.jsonl")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = read(line);
            if (!"zz-marker".equals(node.get("channel").asText())) {
                out.add(new String[] {node.get("channel").asText(), node.get("hex").asText()});
            }
        }
        return out;
    }

    private static List<Message> decoded(String folder, List<String[]> captured) {
        List<String> lines = lines(folder + "/decoded-psub.txt");
        List<Message> out = new ArrayList<>();
        String step = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("##### ")) {
                step = line.substring(6).trim();
                continue;
            }
            if (!line.startsWith("[pmessage] ")) {
                continue;
            }
            String channel = line.substring("[pmessage] ".length(), line.lastIndexOf(" ("));
            boolean json = line.endsWith(", JSON)");
            StringBuilder body = new StringBuilder();
            String hex = null;
            int j = i + 1;
            for (; j < lines.size(); j++) {
                String next = lines.get(j);
                if (next.startsWith("[pmessage] ") || next.startsWith("##### ") || next.isBlank()) {
                    break;
                }
                if (!json && hex == null && next.trim().startsWith("hex: ")) {
                    hex = next.trim().substring(5);
                } else {
                    body.append(next.trim()).append('\n');
                }
            }
            i = j - 1;
            String[] capture = captured.get(out.size());
            if (!capture[0].equals(channel)) {
                throw new IllegalStateException(folder + ": message " + out.size() + " is on " + capture[0]
                        + " in psub.jsonl but on " + channel + " in decoded-psub.txt");
            }
            byte[] bytes = HexFormat.of().parseHex(capture[1]);
            Object expected;
            if (json) {
                String text = body.toString().trim();
                if (!new String(bytes, StandardCharsets.UTF_8).equals(text)) {
                    throw new IllegalStateException(folder + ": JSON text differs for message " + out.size());
                }
                expected = Plain.of(readObject(text));
            } else {
                if (!capture[1].equals(hex)) {
                    throw new IllegalStateException(folder + ": hex differs for message " + out.size());
                }
                expected = NodeInspect.parse(body.toString().trim());
            }
            out.add(new Message(folder, step, channel, bytes, json, expected));
        }
        return out;
    }

    static Object readObject(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(String resource) {
        try (InputStream in = GoldenVectors.class.getResourceAsStream("/wire/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /wire/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
