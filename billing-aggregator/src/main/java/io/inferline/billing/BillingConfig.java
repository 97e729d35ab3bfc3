package io.inferline.billing;

import io.inferline.schemas.app.AppMain;
import io.inferline.schemas.topic.TopicRegistry;
import io.inferline.schemas.topic.UsageWindowSize;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The billing aggregator's own settings ({@code billing.*}). Values come from a properties file,
 * then {@code INFERLINE_BILLING_*} environment variables, then these defaults; an unknown
 * {@code billing.*} key or an invalid value stops start-up naming the key. Kafka Streams and serde
 * settings (bootstrap.servers, schema.registry.url, ...) are passed through unchanged.
 */
public final class BillingConfig extends AbstractConfig {

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    public static final String TOPIC_PREFIX_CONFIG = "billing.topic.prefix";
    private static final String TOPIC_PREFIX_DOC = "Prefix of every topic name (tenants sharing a cluster); empty for the standard names.";

    public static final String ACCOUNT_PARTITIONS_CONFIG = "billing.account.partitions";
    private static final String ACCOUNT_PARTITIONS_DOC = "Partitions of the account-keyed topics (usage-events, credit-grants, credit-balances, ...), checked at start-up.";

    public static final String DEDUP_RETENTION_MS_CONFIG = "billing.dedup.retention.ms";
    private static final String DEDUP_RETENTION_MS_DOC = "How long a charged request id is remembered, so a replayed or duplicated usage event is not charged again. Keep it at least as long as usage-events keeps records (30 days).";

    public static final String GRANT_MAX_MICROS_CONFIG = "billing.grant.max.micros";
    private static final String GRANT_MAX_MICROS_DOC = "Largest amount (either sign) of one grant or reservation, in micro-credits; a larger one is dead-lettered as absurd.";

    public static final String LOW_BALANCE_MICROS_CONFIG = "billing.alert.low.balance.micros";
    private static final String LOW_BALANCE_MICROS_DOC = "A balance falling below this raises LOW_BALANCE (climbing back to it, RECOVERED), unless the account profile sets low_balance_threshold_micros.";

    public static final String EXHAUSTED_MICROS_CONFIG = "billing.alert.exhausted.micros";
    private static final String EXHAUSTED_MICROS_DOC = "A balance falling to or below this raises EXHAUSTED.";

    public static final String USAGE_GRACE_MS_CONFIG = "billing.usage.grace.ms";
    private static final String USAGE_GRACE_MS_DOC = "How long after a usage window ends events dated inside it are still counted; later ones are left out of that window (the charge itself always applies).";

    public static final String USAGE_MAX_FUTURE_MS_CONFIG = "billing.usage.max.future.ms";
    private static final String USAGE_MAX_FUTURE_MS_DOC = "Usage events dated further than this ahead of the aggregator's clock are charged but left out of the usage windows, so a wrong clock cannot close every window at once.";

    public static final String HTTP_PORT_CONFIG = "billing.http.port";
    private static final String HTTP_PORT_DOC = "Port of the query and metrics HTTP server; 0 picks a free one.";

    public static final String HTTP_BIND_ADDRESS_CONFIG = "billing.http.bind.address";
    private static final String HTTP_BIND_ADDRESS_DOC = "Address the HTTP server listens on.";

    public static final String HTTP_ADVERTISED_HOST_CONFIG = "billing.http.advertised.host";
    private static final String HTTP_ADVERTISED_HOST_DOC = "Host name other instances use to reach this one's HTTP server (forwarded queries); empty: this machine's host name.";

    public static final String HTTP_THREADS_CONFIG = "billing.http.threads";
    private static final String HTTP_THREADS_DOC = "Threads answering HTTP requests.";

    public static final String QUERY_TIMEOUT_MS_CONFIG = "billing.query.timeout.ms";
    private static final String QUERY_TIMEOUT_MS_DOC = "How long a query forwarded to another instance may take before the client gets 504.";

    private static final ConfigDef CONFIG = withRetentions(new ConfigDef()
            .define(TOPIC_PREFIX_CONFIG, Type.STRING, "", Importance.LOW, TOPIC_PREFIX_DOC)
            .define(ACCOUNT_PARTITIONS_CONFIG, Type.INT, TopicRegistry.DEFAULT_ACCOUNT_PARTITIONS, Range.atLeast(1),
                    Importance.MEDIUM, ACCOUNT_PARTITIONS_DOC)
            .define(DEDUP_RETENTION_MS_CONFIG, Type.LONG, 30 * DAY_MS, Range.atLeast(60_000), Importance.MEDIUM,
                    DEDUP_RETENTION_MS_DOC)
            .define(GRANT_MAX_MICROS_CONFIG, Type.LONG, 10_000_000_000_000L, Range.atLeast(1), Importance.MEDIUM,
                    GRANT_MAX_MICROS_DOC)
            .define(LOW_BALANCE_MICROS_CONFIG, Type.LONG, 1_000_000L, Importance.LOW, LOW_BALANCE_MICROS_DOC)
            .define(EXHAUSTED_MICROS_CONFIG, Type.LONG, 0L, Importance.LOW, EXHAUSTED_MICROS_DOC)
            .define(USAGE_GRACE_MS_CONFIG, Type.LONG, 5 * 60_000L, Range.atLeast(0), Importance.MEDIUM, USAGE_GRACE_MS_DOC)
            .define(USAGE_MAX_FUTURE_MS_CONFIG, Type.LONG, 60 * 60_000L, Range.atLeast(0), Importance.LOW, USAGE_MAX_FUTURE_MS_DOC)
            .define(HTTP_PORT_CONFIG, Type.INT, 8090, Range.between(0, 65535), Importance.MEDIUM, HTTP_PORT_DOC)
            .define(HTTP_BIND_ADDRESS_CONFIG, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.LOW, HTTP_BIND_ADDRESS_DOC)
            .define(HTTP_ADVERTISED_HOST_CONFIG, Type.STRING, "", Importance.MEDIUM, HTTP_ADVERTISED_HOST_DOC)
            .define(HTTP_THREADS_CONFIG, Type.INT, 4, Range.between(1, 256), Importance.LOW, HTTP_THREADS_DOC)
            .define(QUERY_TIMEOUT_MS_CONFIG, Type.LONG, 5_000L, Range.atLeast(100), Importance.LOW, QUERY_TIMEOUT_MS_DOC));

    /** {@code billing.usage.retention.<1m|1h|1d>.ms}: how long a window store keeps each size. */
    public static String usageRetentionConfig(UsageWindowSize size) {
        return "billing.usage.retention." + size.suffix() + ".ms";
    }

    private static ConfigDef withRetentions(ConfigDef def) {
        Map<UsageWindowSize, Long> defaults = Map.of(UsageWindowSize.ONE_MINUTE, 2 * DAY_MS,
                UsageWindowSize.ONE_HOUR, 32 * DAY_MS, UsageWindowSize.ONE_DAY, 400 * DAY_MS);
        for (UsageWindowSize size : UsageWindowSize.values()) {
            def.define(usageRetentionConfig(size), Type.LONG, defaults.get(size), Range.atLeast(size.size().toMillis()),
                    Importance.LOW, "How long the " + size.suffix() + " usage windows stay queryable in the aggregator's"
                            + " window store; at least the window size plus billing.usage.grace.ms.");
        }
        return def;
    }

    public BillingConfig(Map<String, ?> props) {
        super(CONFIG, props, false);
        try {
            topics();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(TOPIC_PREFIX_CONFIG, getString(TOPIC_PREFIX_CONFIG), e.getMessage());
        }
        for (UsageWindowSize size : UsageWindowSize.values()) {
            long needed = size.size().toMillis() + usageGraceMs();
            if (usageRetentionMs(size) < needed) {
                throw new ConfigException(usageRetentionConfig(size), usageRetentionMs(size),
                        "must be at least the window size plus " + USAGE_GRACE_MS_CONFIG + " (" + needed + " ms)");
            }
        }
        rejectUnknownBillingKeys(props);
    }

    private static void rejectUnknownBillingKeys(Map<String, ?> props) {
        for (String key : props.keySet()) {
            if (key.startsWith("billing.") && !CONFIG.names().contains(key)) {
                throw new ConfigException(key, props.get(key), "unknown billing setting; known: " + new TreeSet<>(CONFIG.names()));
            }
        }
    }

    /** Properties with {@code INFERLINE_BILLING_X_Y} environment variables applied as {@code billing.x.y} over {@code file}. */
    public static Map<String, Object> withEnvironment(Map<String, ?> file, Map<String, String> env) {
        return AppMain.withEnvironment("billing", file, env, name -> false);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public TopicRegistry topics() {
        return TopicRegistry.standard().withPrefix(getString(TOPIC_PREFIX_CONFIG))
                .withAccountPartitions(getInt(ACCOUNT_PARTITIONS_CONFIG));
    }

    public int accountPartitions() {
        return getInt(ACCOUNT_PARTITIONS_CONFIG);
    }

    public long dedupRetentionMs() {
        return getLong(DEDUP_RETENTION_MS_CONFIG);
    }

    public long grantMaxMicros() {
        return getLong(GRANT_MAX_MICROS_CONFIG);
    }

    public long lowBalanceMicros() {
        return getLong(LOW_BALANCE_MICROS_CONFIG);
    }

    public long exhaustedMicros() {
        return getLong(EXHAUSTED_MICROS_CONFIG);
    }

    public long usageGraceMs() {
        return getLong(USAGE_GRACE_MS_CONFIG);
    }

    public long usageMaxFutureMs() {
        return getLong(USAGE_MAX_FUTURE_MS_CONFIG);
    }

    public long usageRetentionMs(UsageWindowSize size) {
        return getLong(usageRetentionConfig(size));
    }

    public int httpPort() {
        return getInt(HTTP_PORT_CONFIG);
    }

    public String httpBindAddress() {
        return getString(HTTP_BIND_ADDRESS_CONFIG);
    }

    public String httpAdvertisedHost() {
        return getString(HTTP_ADVERTISED_HOST_CONFIG);
    }

    public int httpThreads() {
        return getInt(HTTP_THREADS_CONFIG);
    }

    public long queryTimeoutMs() {
        return getLong(QUERY_TIMEOUT_MS_CONFIG);
    }
}
