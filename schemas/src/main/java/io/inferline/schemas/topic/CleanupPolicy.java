package io.inferline.schemas.topic;

/** The {@code cleanup.policy} a topic is created with. */
public enum CleanupPolicy {
    DELETE("delete"),
    COMPACT("compact"),
    COMPACT_DELETE("compact,delete");

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** The value of the broker's {@code cleanup.policy} config. */
    public String configValue() {
        return configValue;
    }

    /** Parses a broker config value; the broker may list the two policies in either order. */
    public static CleanupPolicy fromConfigValue(String value) {
        String normalized = value.replace(" ", "").toLowerCase(java.util.Locale.ROOT);
        return switch (normalized) {
            case "delete" -> DELETE;
            case "compact" -> COMPACT;
            case "compact,delete", "delete,compact" -> COMPACT_DELETE;
            default -> throw new IllegalArgumentException("unknown cleanup.policy: " + value);
        };
    }
}
