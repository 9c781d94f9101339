package io.roomcast.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** helm/roomcast/README.md, what `helm show readme` prints: its values table holds every key of values.yaml. */
class ChartReadmeTests {

    @Test
    void shouldListEveryValueInTheReadmeTable() throws Exception {
        Path chart = ChartFiles.chartDirectory();
        JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(chart.resolve("values.yaml").toFile());
        String readme = Files.readString(chart.resolve("README.md"));
        List<String> keys = new ArrayList<>();
        collectLeafKeys(values, "", keys);

        assertThat(keys).hasSizeGreaterThan(100);
        assertThat(keys).as("values.yaml keys missing from README.md's table (python3 helm/values-table.py "
                        + "helm/roomcast/values.yaml prints it)")
                .allSatisfy(key -> assertThat(readme).contains("| `" + key + "` |"));
    }

    @Test
    void shouldTellHowToInstallUpgradeAndTestWithoutBitnami() throws Exception {
        String readme = Files.readString(ChartFiles.chartDirectory().resolve("README.md"));

        assertThat(readme).contains("## Install", "## Upgrade and uninstall", "helm -n chat test roomcast",
                "helm -n chat upgrade", "helm -n chat uninstall", "--image=redis:")
                .doesNotContainIgnoringCase("bitnami");
        assertThat(Files.readString(ChartFiles.chartDirectory().resolve("values.yaml")))
                .doesNotContainIgnoringCase("bitnami");
    }

    private static void collectLeafKeys(JsonNode node, String prefix, List<String> keys) {
        if (node.isObject() && node.size() > 0) {
            node.fields().forEachRemaining(field ->
                    collectLeafKeys(field.getValue(), prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), keys));
        } else {
            keys.add(prefix);
        }
    }
}
