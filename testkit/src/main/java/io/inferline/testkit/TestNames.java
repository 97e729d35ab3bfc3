package io.inferline.testkit;

import java.util.UUID;

/** Unique names, so tests sharing a broker never see each other's topics, groups or state. */
public final class TestNames {
    private TestNames() {
    }

    /** {@code <base>-<8 hex chars>}, lowercase kebab-case. */
    public static String unique(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A topic-name prefix such as {@code it-1a2b3c4d-}, for {@code TopicRegistry.withPrefix}. */
    public static String topicPrefix() {
        return unique("it") + "-";
    }
}
