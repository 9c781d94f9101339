package io.roomcast.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Renders helm/roomcast through the Helm library bundled by helm-java (the same code as `helm template` and
 * `helm lint`, values.schema.json validation included), so no helm binary is needed.
 */
final class ChartRenderer {

    static final String RELEASE = "rc";
    static final String NAMESPACE = "chat";
    /** Name of the node objects for release {@link #RELEASE}. */
    static final String FULLNAME = "rc-roomcast";
    /** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion) is not what we test; a current one is. */
    static final String KUBE_VERSION = "1.31.0";

    private final Path chart;
    private final Map<String, Object> sets = new LinkedHashMap<>();
    private Path valuesFile;

    private ChartRenderer(Path chart) {
        this.chart = chart;
    }

    /** A renderer of the chart in this checkout with its default values. */
    static ChartRenderer chart() {
        return new ChartRenderer(ChartFiles.chartDirectory());
    }

    /** Adds a values file from src/test/resources/values/ (e.g. "hpa.yaml"). */
    ChartRenderer values(String resourceName) {
        Path file = Path.of("src", "test", "resources", "values", resourceName).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no values file " + file);
        }
        this.valuesFile = file;
        return this;
    }

    /** Like `--api-versions`: helm-java cannot pass it, so the chart's apiVersions value stands in for it. */
    ChartRenderer withApi(String... apiVersions) {
        for (int i = 0; i < apiVersions.length; i++) {
            sets.put("apiVersions[" + i + "]", apiVersions[i]);
        }
        return this;
    }

    /** Like `--set key=value`. */
    ChartRenderer set(String key, Object value) {
        sets.put(key, value);
        return this;
    }

    /** The manifests, parsed; throws IllegalStateException with Helm's message when rendering fails. */
    Manifests render() {
        return Manifests.parse(renderText());
    }

    /**
     * The `helm test` pod as a plain manifest: Helm's library leaves hooks out of what it renders, so this renders a
     * copy of the chart with one more template that includes "roomcast.testPod" without the hook annotations.
     */
    Manifests testPod() throws IOException {
        Path copy = Files.createTempDirectory("roomcast-chart");
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(chart.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        Files.writeString(copy.resolve("templates/zz-test-pod-as-manifest.yaml"),
                "{{ include \"roomcast.testPod\" (dict \"root\" $ \"hook\" false) }}\n");
        return Manifests.parse(new ChartRenderer(copy).withSets(sets).renderText());
    }

    private ChartRenderer withSets(Map<String, Object> others) {
        sets.putAll(others);
        return this;
    }

    String renderText() {
        var template = new Helm(chart).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        for (var entry : sets.entrySet()) {
            template = template.set(entry.getKey(), entry.getValue());
        }
        return template.call();
    }

    /** NOTES.txt as `helm install --dry-run` prints it (client only: no cluster is contacted). */
    String notes() {
        var install = new Helm(chart).install()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION)
                .dryRun()
                .clientOnly();
        if (valuesFile != null) {
            install = install.withValuesFile(valuesFile);
        }
        for (var entry : sets.entrySet()) {
            install = install.set(entry.getKey(), entry.getValue());
        }
        String output = install.call().getOutput();
        int notes = output.indexOf("NOTES:");
        if (notes < 0) {
            throw new AssertionError("no NOTES in helm install output:\n" + output);
        }
        return output.substring(notes);
    }

    static LintResult lintStrict() {
        return new Helm(ChartFiles.chartDirectory()).lint().strict().call();
    }
}
