package io.roomcast.admin;

/** Node's {@code mode} option: what the UI is sent besides the statistics. */
public enum AdminMode {

    /** Every socket, room and event as it happens, plus {@code all_sockets} on connect (Node's default). */
    DEVELOPMENT("development"),
    /** Aggregated statistics only ({@code server_stats}), for busy servers. */
    PRODUCTION("production");

    private final String configName;

    AdminMode(String configName) {
        this.configName = configName;
    }

    /** Node's spelling: {@code development} or {@code production}. */
    public String configName() {
        return configName;
    }

    /** The mode named {@code development} or {@code production}, any case. */
    public static AdminMode of(String name) {
        for (AdminMode mode : values()) {
            if (mode.configName.equalsIgnoreCase(name.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("mode must be development or production, got '" + name + "'");
    }
}
