package io.roomcast.admin;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminAuthTests {

    /** bcryptjs.hashSync("changeit", 4), as a Node.js deployment would have it. */
    private static final String BCRYPTJS_HASH = BCrypt.hashpw("changeit", BCrypt.gensalt("$2b", 4));

    @Test
    void shouldAcceptTheRightPasswordOnly() {
        AdminAuth.Basic auth = (AdminAuth.Basic) AdminAuth.basic("admin", BCRYPTJS_HASH);

        assertThat(auth.matches("admin", "changeit")).isTrue();
        assertThat(auth.matches("admin", "changeIt")).isFalse();
        assertThat(auth.matches("root", "changeit")).isFalse();
        assertThat(auth.matches(null, null)).isFalse();
        assertThat(auth.matches("admin", 42)).isFalse();
    }

    @Test
    void shouldRefuseAnythingButABcryptHash() {
        assertThatThrownBy(() -> AdminAuth.basic("admin", "changeit"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the password must be a valid bcrypt hash");
        assertThatThrownBy(() -> AdminAuth.basic("", BCRYPTJS_HASH)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepTheHashOutOfToString() {
        assertThat(AdminAuth.basic("admin", BCRYPTJS_HASH).toString()).isEqualTo("Basic[username=admin]");
    }

    @Test
    void shouldHaveNoDefaultAuthenticationAsNode() {
        assertThatThrownBy(() -> AdminUiOptions.of(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("AdminAuth.none()");
        assertThatThrownBy(() -> AdminUiOptions.of(AdminAuth.none()).withNamespaceName("admin"))
                .isInstanceOf(IllegalArgumentException.class);
        AdminUiOptions defaults = AdminUiOptions.of(AdminAuth.none());
        assertThat(defaults.namespaceName()).isEqualTo("/admin");
        assertThat(defaults.mode()).isEqualTo(AdminMode.DEVELOPMENT);
        assertThat(defaults.readonly()).isFalse();
        assertThat(defaults.statsInterval()).hasSeconds(2);
        assertThat(defaults.store()).isInstanceOf(InMemoryAdminSessionStore.class);
    }
}
