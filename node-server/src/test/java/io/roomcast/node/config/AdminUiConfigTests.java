package io.roomcast.node.config;

import io.roomcast.admin.AdminAuth;
import io.roomcast.admin.AdminMode;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ADMIN_* as the loader reads them: off by default, never on without credentials unless ADMIN_AUTH=none says so. */
class AdminUiConfigTests {

    private static final String HASH = BCrypt.hashpw("pw", BCrypt.gensalt(4));

    @Test
    void shouldBeOffByDefault() {
        NodeConfig.AdminUi admin = EnvConfigLoader.load(Map.of()).adminUi();

        assertThat(admin.enabled()).isFalse();
        assertThat(admin.auth()).isEmpty();
    }

    @Test
    void shouldRefuseToStartWithoutCredentials() {
        assertThatThrownBy(() -> EnvConfigLoader.load(Map.of("ADMIN_UI", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ADMIN_UI=true needs ADMIN_USERNAME and ADMIN_PASSWORD_HASH")
                .hasMessageContaining("ADMIN_AUTH=none");
        assertThatThrownBy(() -> EnvConfigLoader.load(Map.of("ADMIN_UI", "true", "ADMIN_USERNAME", "admin")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ADMIN_PASSWORD_HASH");
    }

    @Test
    void shouldRefuseAPasswordInsteadOfABcryptHash() {
        assertThatThrownBy(() -> EnvConfigLoader.load(Map.of("ADMIN_UI", "true", "ADMIN_USERNAME", "admin",
                "ADMIN_PASSWORD_HASH", "hunter2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ADMIN_PASSWORD_HASH must be a bcrypt hash")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldRunWithoutAuthenticationOnlyWhenToldTo() {
        NodeConfig.AdminUi admin = EnvConfigLoader.load(Map.of("ADMIN_UI", "true", "ADMIN_AUTH", "none")).adminUi();

        assertThat(admin.enabled()).isTrue();
        assertThat(admin.auth()).contains(AdminAuth.none());
    }

    @Test
    void shouldReadNodesOptionNames() {
        NodeConfig.AdminUi admin = EnvConfigLoader.load(Map.of("ADMIN_UI", "true", "ADMIN_USERNAME", "ops",
                "ADMIN_PASSWORD_HASH", HASH, "ADMIN_MODE", "production", "ADMIN_READONLY", "true",
                "ADMIN_NAMESPACE", "/ops")).adminUi();

        assertThat(admin.auth()).containsInstanceOf(AdminAuth.Basic.class);
        assertThat(((AdminAuth.Basic) admin.auth().orElseThrow()).matches("ops", "pw")).isTrue();
        assertThat(((AdminAuth.Basic) admin.auth().orElseThrow()).matches("ops", "wrong")).isFalse();
        assertThat(admin.mode()).isEqualTo(AdminMode.PRODUCTION);
        assertThat(admin.readonly()).isTrue();
        assertThat(admin.namespaceName()).isEqualTo("/ops");
    }

    @Test
    void shouldReportEveryBadAdminVariableInOneMessage() {
        assertThatThrownBy(() -> EnvConfigLoader.load(Map.of("ADMIN_UI", "yes", "ADMIN_MODE", "debug",
                "ADMIN_NAMESPACE", "admin")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ADMIN_UI").hasMessageContaining("ADMIN_MODE")
                .hasMessageContaining("ADMIN_NAMESPACE");
    }
}
