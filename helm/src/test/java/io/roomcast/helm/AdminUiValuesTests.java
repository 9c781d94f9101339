package io.roomcast.helm;

import io.fabric8.kubernetes.api.model.EnvVar;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code adminUi} block: off by default, its variables, the hash from a Secret, and no UI without one. */
class AdminUiValuesTests {

    @Test
    void shouldPassNoAdminVariableByDefault() {
        Map<String, String> config = ChartRenderer.chart().render().nodeEnvironment().getData();

        assertThat(config.keySet()).noneMatch(name -> name.startsWith("ADMIN_"));
    }

    @Test
    void shouldPassTheSettingsAndTheHashFromTheSecret() {
        var manifests = ChartRenderer.chart().set("adminUi.enabled", true).set("adminUi.existingSecret", "admin-ui")
                .render();

        assertThat(manifests.nodeEnvironment().getData()).containsEntry("ADMIN_UI", "true")
                .containsEntry("ADMIN_AUTH", "basic").containsEntry("ADMIN_USERNAME", "admin")
                .containsEntry("ADMIN_MODE", "development").containsEntry("ADMIN_READONLY", "false")
                .containsEntry("ADMIN_NAMESPACE", "/admin");
        EnvVar hash = NodeEnvironmentTests.env(DeploymentTests.nodeContainer(manifests), "ADMIN_PASSWORD_HASH");
        assertThat(hash.getValueFrom().getSecretKeyRef().getName()).isEqualTo("admin-ui");
        assertThat(hash.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("admin-password-hash");
    }

    @Test
    void shouldRefuseTheUiWithBasicAuthAndNoSecret() {
        assertThatThrownBy(() -> ChartRenderer.chart().set("adminUi.enabled", true).render())
                .hasMessageContaining("adminUi.existingSecret");
        Map<String, String> open = ChartRenderer.chart().set("adminUi.enabled", true).set("adminUi.auth", "none")
                .render().nodeEnvironment().getData();
        assertThat(open).containsEntry("ADMIN_AUTH", "none").doesNotContainKey("ADMIN_USERNAME");
        assertThatThrownBy(() -> ChartRenderer.chart().set("adminUi.mode", "debug").render())
                .hasMessageContaining("at '/adminUi/mode'");
    }
}
