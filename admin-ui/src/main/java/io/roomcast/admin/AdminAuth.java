package io.roomcast.admin;

import org.springframework.security.crypto.bcrypt.BCrypt;

import java.util.Objects;

/**
 * Node's {@code auth} option: who may connect to the admin namespace. There is no default, as in Node: an
 * application says {@link #basic} or, knowingly, {@link #none}.
 */
public sealed interface AdminAuth {

    /** Node's {@code auth: false}: anybody who reaches the admin namespace may use it. */
    static AdminAuth none() {
        return None.INSTANCE;
    }

    /**
     * Node's {@code {type: "basic", username, password}}: the UI's username and password, the password checked
     * against a bcrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$}, as bcryptjs and {@code htpasswd -B} write).
     *
     * @throws IllegalArgumentException when the hash is not a bcrypt hash
     */
    static AdminAuth basic(String username, String passwordHash) {
        return new Basic(username, passwordHash);
    }

    /** {@link #none()}. */
    enum None implements AdminAuth {
        INSTANCE
    }

    /** {@link #basic}; {@code toString} hides the hash. */
    record Basic(String username, String passwordHash) implements AdminAuth {

        public Basic {
            Objects.requireNonNull(username, "username must not be null");
            Objects.requireNonNull(passwordHash, "passwordHash must not be null");
            if (username.isEmpty()) {
                throw new IllegalArgumentException("username must not be empty");
            }
            if (!passwordHash.matches("\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}")) {
                throw new IllegalArgumentException("the password must be a valid bcrypt hash");
            }
        }

        /** Whether these credentials match, in constant time for a matching username's password. */
        public boolean matches(Object username, Object password) {
            if (!(username instanceof String user) || !(password instanceof String pass) || !this.username.equals(user)) {
                return false;
            }
            try {
                return BCrypt.checkpw(pass, passwordHash);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + "]";
        }
    }
}
