package io.inferline.workers.provider;

import java.util.Objects;

/** A credential that prints as {@code [hidden]}: it can reach an HTTP header, never a log line. */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The secret itself, for the one place that puts it in a request header. */
    public String reveal() {
        return value;
    }

    /** {@code text} with every occurrence of this secret replaced, for upstream messages that echo it. */
    public String redact(String text) {
        return text == null || value.isEmpty() ? text : text.replace(value, "[hidden]");
    }

    @Override
    public String toString() {
        return "[hidden]";
    }
}
