package io.roomcast.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Builds the node's container image the way README.md tells a user to ({@code mvn -B -pl node-server -am package
 * -Pimage -DskipTests}) in a copy of the source tree without build outputs, then opens {@code jib-image.tar}: its
 * configuration (entrypoint, user, ports, environment, labels) and its layers, from which the node is started with
 * the host's {@code java} and answers readiness and an Engine.IO handshake.
 *
 * <p>No registry is reachable here, so the real base image ({@code eclipse-temurin:17-jre}, pulled from Docker
 * Hub) is replaced through {@code -Djib.from.image=tar://...} by a local stand-in with Temurin's {@code PATH} and
 * {@code JAVA_HOME} and no JRE. Only the base is substituted: the application layers and the image configuration
 * are what a user's build produces.
 */
class NodeImageE2ETests {

    private static final String MAIN_CLASS = "io.roomcast.node.NodeServer";
    private static final String TEMURIN_JAVA_HOME = "/opt/java/openjdk";
    private static final String TEMURIN_PATH = TEMURIN_JAVA_HOME
            + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** What the repository's .gitignore keeps out of a checkout. */
    private static final Set<String> NOT_CHECKED_IN_DIRS = Set.of("target", "node_modules", ".git", ".idea",
            "test-artifacts");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path root;
    private static Path work;
    private static Image image;
    private static int baseLayers;

    @BeforeAll
    static void buildTheImageFromACleanCopy() throws Exception {
        root = Path.of(required("roomcast.root")).toAbsolutePath().normalize();
        assertThat(root.resolve("node-server/pom.xml")).as("repository root").isRegularFile();
        work = root.resolve("packaging-tests/target/node-image");
        deleteRecursively(work);
        Path checkout = work.resolve("checkout");
        copyCheckedInFiles(root, checkout);

        Path base = work.resolve("temurin-stand-in.tar");
        baseLayers = writeBaseImage(base, work.resolve("jib-cache"));

        List<String> command = new ArrayList<>(List.of(maven(), "-B", "-q", "-pl", "node-server", "-am", "package",
                "-Pimage", "-DskipTests"));
        command.addAll(List.of(
                "-Djib.from.image=tar://" + base,
                "-Djib.baseImageCache=" + work.resolve("jib-cache"),
                "-Djib.applicationCache=" + work.resolve("jib-cache"),
                "-Djib.disableUpdateChecks=true",
                // Read-only use of the caller's repository: `package` installs nothing, and the copy's reactor
                // builds the bom, engine, socketio and cluster itself.
                "-Dmaven.repo.local=" + required("roomcast.maven.localRepository")));
        if (required("roomcast.maven.offline").equals("offline=true")) {
            command.add("-o");
        }
        Path log = work.resolve("build.log");
        Process build = new ProcessBuilder(command).directory(checkout.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        build.getOutputStream().close();
        if (!build.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            build.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the image build did not finish within " + BUILD_TIMEOUT + ": " + command
                    + "\n" + tail(log));
        }
        assertThat(build.exitValue()).as("%s failed:%n%s", command, tail(log)).isZero();

        Path tar = checkout.resolve("node-server/target/jib-image.tar");
        assertThat(tar).as("the tar the image profile writes").isRegularFile();
        image = Image.read(tar);
    }

    @Test
    void shouldRunTheMainClassOnTheImagesClasspathAsPidOne() {
        assertThat(image.config().path("Entrypoint")).extracting(JsonNode::asText)
                .containsExactly("java", "-cp", "@/app/jib-classpath-file", MAIN_CLASS);
        assertThat(image.config().path("Cmd").isMissingNode() || image.config().path("Cmd").isNull()).isTrue();
        assertThat(image.text("app/jib-main-class-file").strip()).isEqualTo(MAIN_CLASS);
        assertThat(classpath()).isNotEmpty().allMatch(entry -> entry.startsWith("/app/"))
                .contains("/app/classes", "/app/resources").anyMatch(entry -> entry.matches("/app/libs/netty-.*\\.jar"));
    }

    @Test
    void shouldRunAsNonRootWithTheNodesPortsAndEnvironment() throws Exception {
        JsonNode config = image.config();
        assertThat(config.path("User").asText()).isEqualTo("10001:10001");
        assertThat(names(config.path("ExposedPorts"))).containsExactlyInAnyOrder("3000/tcp", "9091/tcp");
        assertThat(config.path("WorkingDir").asText()).isEqualTo("/app");

        Map<String, String> env = image.environment();
        assertThat(env).containsEntry("PORT", "3000").containsEntry("MANAGEMENT_PORT", "9091")
                .containsEntry("HOST", "0.0.0.0")
                .containsEntry("JAVA_TOOL_OPTIONS", pomValue("node-server/pom.xml", "/project/properties/image.jvmOptions"))
                // Kept from the base image: `java` in the entrypoint is found on Temurin's PATH.
                .containsEntry("PATH", TEMURIN_PATH).containsEntry("JAVA_HOME", TEMURIN_JAVA_HOME);
        assertThat(env).doesNotContainKeys("REDIS_URL", "JWT_SECRET");
    }

    @Test
    void shouldLabelTheImageWithItsVersionAndSource() throws Exception {
        JsonNode labels = image.config().path("Labels");
        assertThat(labels.path("org.opencontainers.image.version").asText())
                .isEqualTo(required("roomcast.version"));
        assertThat(labels.path("org.opencontainers.image.source").asText())
                .isEqualTo(pomValue("bom/pom.xml", "/project/url")).startsWith("https://");
        assertThat(labels.path("org.opencontainers.image.title").asText()).isNotBlank();
        assertThat(labels.path("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");
        assertThat(image.repoTags()).containsExactly("roomcast/node-server:" + required("roomcast.version"));
    }

    @Test
    void shouldBuildOnTheGivenBaseAndAddOnlyApplicationLayers() {
        assertThat(image.layers()).hasSizeGreaterThan(baseLayers);
        assertThat(image.layers().subList(0, baseLayers)).allSatisfy(layer -> assertThat(layer.files())
                .allMatch(file -> file.startsWith("opt/")));
        assertThat(image.layers().subList(baseLayers, image.layers().size())).allSatisfy(layer ->
                assertThat(layer.files()).as("application layer").allMatch(file -> file.startsWith("app/")));
    }

    /**
     * The image's layers hold everything the node needs: started from them alone (the host's {@code java} standing
     * in for the base's, the classpath file's {@code /app} re-rooted), with the image's environment and without
     * REDIS_URL, it becomes ready, shakes hands and serves the demo page's client bundle.
     */
    @Test
    void shouldStartTheNodeFromTheImagesLayers() throws Exception {
        Path rootfs = work.resolve("rootfs");
        deleteRecursively(rootfs);
        for (Layer layer : image.layers().subList(baseLayers, image.layers().size())) {
            layer.extractTo(rootfs);
        }
        Path classpathFile = work.resolve("jib-classpath-file");
        String rerooted = classpath().stream().map(entry -> rootfs.resolve(entry.substring(1)))
                .peek(entry -> assertThat(entry).as("classpath entry in the layers").exists())
                .map(Path::toString).collect(Collectors.joining(":"));
        Files.writeString(classpathFile, rerooted);

        List<String> command = new ArrayList<>();
        for (JsonNode word : image.config().path("Entrypoint")) {
            command.add(switch (word.asText()) {
                case "java" -> Path.of(System.getProperty("java.home"), "bin", "java").toString();
                case "@/app/jib-classpath-file" -> "@" + classpathFile;
                default -> word.asText();
            });
        }
        int port = freePort();
        int managementPort = freePort();
        ProcessBuilder builder = new ProcessBuilder(command).directory(rootfs.resolve("app").toFile())
                .redirectErrorStream(true).redirectOutput(work.resolve("node.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.equals("REDIS_URL") || name.equals("JWT_SECRET"));
        image.environment().forEach((name, value) -> {
            if (!name.equals("PATH") && !name.equals("JAVA_HOME")) {
                env.put(name, value);
            }
        });
        env.put("PORT", String.valueOf(port));
        env.put("MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("HOST", "127.0.0.1");

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Process node = builder.start();
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .alias("/health/ready answers 200").until(() -> {
                        if (!node.isAlive()) {
                            throw new IllegalStateException("stopped");
                        }
                        return get(http, managementPort, "/health/ready").statusCode() == 200;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the node started from the image's layers did not become ready"
                    + (node.isAlive() ? "" : " (exited with " + node.exitValue() + ")") + ":\n"
                    + tail(work.resolve("node.log")), e);
        }
        try {
            HttpResponse<String> handshake = get(http, port, "/socket.io/?EIO=4&transport=polling");
            assertThat(handshake.statusCode()).isEqualTo(200);
            assertThat(handshake.body()).startsWith("0{\"sid\":");
            HttpResponse<String> bundle = get(http, port, "/socket.io.min.js");
            assertThat(bundle.statusCode()).as("the demo page's socket.io-client bundle").isEqualTo(200);
            assertThat(bundle.body()).isNotEmpty();

            node.destroy();
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("the node drains and exits on SIGTERM").isTrue();
        } finally {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ---- the build

    private static String maven() {
        Path home = Path.of(required("roomcast.maven.home"), "bin", "mvn");
        if (!Files.isExecutable(home)) {
            throw new AssertionError(home + " not found: run this test from Maven (mvn verify -pl packaging-tests)");
        }
        return home.toString();
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new AssertionError("system property " + property + " is not set: run this test from Maven "
                    + "(packaging-tests/pom.xml passes it)");
        }
        return value;
    }

    /** A checkout of the working tree: every file but build outputs, installed packages and IDE files. */
    private static void copyCheckedInFiles(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(from) && NOT_CHECKED_IN_DIRS.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = file.getFileName().toString();
                if (attrs.isRegularFile() && !name.endsWith(".log") && !name.endsWith(".iml")) {
                    Files.copy(file, to.resolve(from.relativize(file)), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * The stand-in for eclipse-temurin:17-jre: Temurin's PATH and JAVA_HOME and one layer with a marker file under
     * JAVA_HOME. Returns its number of layers.
     */
    private static int writeBaseImage(Path tar, Path cache) throws Exception {
        Path marker = work.resolve("base/release");
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, "stand-in for eclipse-temurin:17-jre (NodeImageE2ETests); no JRE\n");
        Jib.fromScratch()
                .addEnvironmentVariable("PATH", TEMURIN_PATH)
                .addEnvironmentVariable("JAVA_HOME", TEMURIN_JAVA_HOME)
                .addLayer(List.of(marker), AbsoluteUnixPath.get(TEMURIN_JAVA_HOME))
                .containerize(Containerizer.to(TarImage.at(tar).named("eclipse-temurin:17-jre"))
                        .setBaseImageLayersCache(cache).setApplicationLayersCache(cache));
        return 1;
    }

    // ---- the image

    private static List<String> classpath() {
        return List.of(image.text("app/jib-classpath-file").strip().split(":"));
    }

    private static String pomValue(String pom, String xpath) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        Document document = factory.newDocumentBuilder().parse(root.resolve(pom).toFile());
        String value = XPathFactory.newInstance().newXPath().evaluate(xpath, document).strip();
        assertThat(value).as("%s in %s", xpath, pom).isNotEmpty();
        return value;
    }

    /** A docker-save tarball: manifest.json, the configuration and gzipped layer tarballs. */
    private record Image(JsonNode manifest, JsonNode configFile, List<Layer> layers) {

        static Image read(Path tar) throws IOException {
            Map<String, byte[]> entries = new HashMap<>();
            try (TarArchiveInputStream in = new TarArchiveInputStream(
                    new BufferedInputStream(Files.newInputStream(tar)))) {
                for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
                    if (entry.isFile()) {
                        entries.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
            assertThat(entries).as("entries of %s", tar).containsKey("manifest.json");
            JsonNode manifest = JSON.readTree(entries.get("manifest.json")).path(0);
            JsonNode config = JSON.readTree(entries.get(manifest.path("Config").asText()));
            List<Layer> layers = new ArrayList<>();
            for (JsonNode name : manifest.path("Layers")) {
                layers.add(Layer.read(entries.get(name.asText())));
            }
            return new Image(manifest, config, layers);
        }

        JsonNode config() {
            return configFile.path("config");
        }

        List<String> repoTags() {
            List<String> tags = new ArrayList<>();
            manifest.path("RepoTags").forEach(tag -> tags.add(tag.asText()));
            return tags;
        }

        Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            config().path("Env").forEach(entry -> {
                String[] pair = entry.asText().split("=", 2);
                env.put(pair[0], pair.length > 1 ? pair[1] : "");
            });
            return env;
        }

        /** A file of the application layers, by its path without the leading slash. */
        String text(String path) {
            return layers.stream().map(layer -> layer.contents().get(path)).filter(java.util.Objects::nonNull)
                    .reduce((first, second) -> second).map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                    .orElseThrow(() -> new AssertionError(path + " is in no layer of the image"));
        }
    }

    /** One layer: its regular files by path (no leading slash) and their contents. */
    private record Layer(Map<String, byte[]> contents) {

        static Layer read(byte[] blob) throws IOException {
            InputStream raw = new java.io.ByteArrayInputStream(blob);
            boolean gzip = blob.length > 1 && (blob[0] & 0xff) == 0x1f && (blob[1] & 0xff) == 0x8b;
            Map<String, byte[]> contents = new LinkedHashMap<>();
            try (TarArchiveInputStream in = new TarArchiveInputStream(gzip ? new GZIPInputStream(raw) : raw)) {
                for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
                    if (entry.isFile()) {
                        contents.put(entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", ""),
                                in.readAllBytes());
                    }
                }
            }
            return new Layer(contents);
        }

        Set<String> files() {
            return contents.keySet();
        }

        void extractTo(Path dir) {
            contents.forEach((name, bytes) -> {
                Path file = dir.resolve(name).normalize();
                if (!file.startsWith(dir)) {
                    throw new AssertionError("layer entry " + name + " points outside the layer");
                }
                try {
                    Files.createDirectories(file.getParent());
                    Files.write(file, bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    // ---- helpers

    private static HttpResponse<String> get(HttpClient http, int port, String path)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(path);
                }
            }
        }
    }
}
