package io.inferline.schemas.topic;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** The tumbling windows of usage analytics; each has its topic ({@link TopicRegistry#usageWindows(UsageWindowSize)}). */
public enum UsageWindowSize {
    ONE_MINUTE("1m", Duration.ofMinutes(1), Duration.ofDays(7)),
    ONE_HOUR("1h", Duration.ofHours(1), Duration.ofDays(93)),
    ONE_DAY("1d", Duration.ofDays(1), Duration.ofDays(800));

    private final String suffix;
    private final Duration size;
    private final Duration topicRetention;

    UsageWindowSize(String suffix, Duration size, Duration topicRetention) {
        this.suffix = suffix;
        this.size = size;
        this.topicRetention = topicRetention;
    }

    /** {@code 1m}, {@code 1h} or {@code 1d}: in topic names, configuration keys and queries. */
    public String suffix() {
        return suffix;
    }

    public Duration size() {
        return size;
    }

    /** How long the topic keeps a window after its last update (it is compacted too). */
    public Duration topicRetention() {
        return topicRetention;
    }

    /** The size named by {@code suffix} ({@code 1m}, {@code 1h}, {@code 1d}, any case). */
    public static Optional<UsageWindowSize> fromSuffix(String suffix) {
        if (suffix == null) {
            return Optional.empty();
        }
        String wanted = suffix.trim().toLowerCase(Locale.ROOT);
        for (UsageWindowSize size : values()) {
            if (size.suffix.equals(wanted)) {
                return Optional.of(size);
            }
        }
        return Optional.empty();
    }

    /** The size whose length is {@code millis}, if it is one of them. */
    public static Optional<UsageWindowSize> ofMillis(long millis) {
        for (UsageWindowSize size : values()) {
            if (size.size.toMillis() == millis) {
                return Optional.of(size);
            }
        }
        return Optional.empty();
    }
}
