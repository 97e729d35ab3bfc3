package io.inferline.schemas.topic;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One topic of the contract: its name, the types of its keys and values, and how it is laid out.
 * Keys are {@code String} ids; values are Avro specific records, or {@code byte[]} for dead-letter
 * topics, which keep the original bytes untouched.
 *
 * @param retention how long records are kept; empty means the broker default (compacted topics
 *                  keep the latest value per key regardless)
 */
public record Topic<K, V>(
        String name,
        Class<K> keyType,
        Class<V> valueType,
        int partitions,
        CleanupPolicy cleanupPolicy,
        Optional<Duration> retention) {

    /** Retention that never deletes ({@code retention.ms=-1}). */
    public static final Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);

    private static final Pattern KEBAB_CASE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(retention, "retention");
        if (!KEBAB_CASE.matcher(name).matches() || name.length() > 249) {
            throw new IllegalArgumentException("topic name must be lowercase kebab-case: " + name);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition, got " + partitions);
        }
    }

    /** The {@code retention.ms} config value, if the contract sets one. */
    public Optional<String> retentionMsConfig() {
        return retention.map(r -> r.equals(FOREVER) ? "-1" : Long.toString(r.toMillis()));
    }

    @Override
    public String toString() {
        return name;
    }
}
