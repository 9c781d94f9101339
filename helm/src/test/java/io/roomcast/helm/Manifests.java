package io.roomcast.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The objects of one `helm template` output, parsed into fabric8's Kubernetes model. Kinds without a fabric8 model
 * in the classpath (ServiceMonitor, PrometheusRule, HTTPRoute) come back as {@link GenericKubernetesResource}.
 */
final class Manifests {

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private final String yaml;
    private final List<HasMetadata> objects;

    private Manifests(String yaml, List<HasMetadata> objects) {
        this.yaml = yaml;
        this.objects = List.copyOf(objects);
    }

    static Manifests parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            if (document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            objects.add(Serialization.unmarshal(document, HasMetadata.class));
        }
        return new Manifests(yaml, objects);
    }

    /** The rendered text, as `helm template` prints it. */
    String yaml() {
        return yaml;
    }

    List<HasMetadata> all() {
        return objects;
    }

    /** Every object of the given model type. */
    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    /** The only object of this type; fails when there is none or several. */
    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + type.getSimpleName() + " but found " + found.size()
                    + " in:\n" + kindsAndNames());
        }
        return found.get(0);
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name
                        + " in:\n" + kindsAndNames()));
    }

    /** Objects of a kind that fabric8 has no model for here (e.g. ServiceMonitor). */
    List<GenericKubernetesResource> generic(String kind) {
        return all(GenericKubernetesResource.class).stream().filter(o -> o.getKind().equals(kind))
                .collect(Collectors.toList());
    }

    Optional<GenericKubernetesResource> oneGeneric(String kind) {
        List<GenericKubernetesResource> found = generic(kind);
        if (found.size() > 1) {
            throw new AssertionError("expected at most one " + kind + " but found " + found.size());
        }
        return found.stream().findFirst();
    }

    /** The node Deployment (the bundled Redis, when enabled, has its own). */
    Deployment nodeDeployment() {
        return named(Deployment.class, ChartRenderer.FULLNAME);
    }

    /** The ConfigMap with the node's non-secret environment (the dashboard has its own ConfigMap). */
    ConfigMap nodeEnvironment() {
        return named(ConfigMap.class, ChartRenderer.FULLNAME);
    }

    List<String> kinds() {
        return objects.stream().map(HasMetadata::getKind).sorted().collect(Collectors.toList());
    }

    String kindsAndNames() {
        return objects.stream().map(o -> "  " + o.getKind() + "/" + o.getMetadata().getName())
                .collect(Collectors.joining("\n"));
    }

    /** A nested field of a generic object, e.g. spec("endpoints") as a List of Maps. */
    @SuppressWarnings("unchecked")
    static <T> T field(GenericKubernetesResource resource, String... path) {
        Object current = resource.getAdditionalProperties();
        for (String key : path) {
            if (!(current instanceof Map)) {
                throw new AssertionError("no field " + String.join(".", path) + " in " + resource.getKind());
            }
            current = ((Map<String, Object>) current).get(key);
        }
        return (T) current;
    }
}
