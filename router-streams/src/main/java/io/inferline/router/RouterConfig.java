package io.inferline.router;

import io.inferline.schemas.app.AppMain;
import io.inferline.schemas.topic.TopicRegistry;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The router's own settings ({@code router.*}). Values come from a properties file, then
 * {@code INFERLINE_ROUTER_*} environment variables, then these defaults; an invalid value stops
 * start-up naming the key. Kafka Streams and serde settings (bootstrap.servers,
 * schema.registry.url, ...) are passed through unchanged.
 */
public final class RouterConfig extends AbstractConfig {

    public static final String DEFAULT_MODEL_CONFIG = "router.default.model";
    private static final String DEFAULT_MODEL_DOC = "Model (slug or alias) for requests that name none, when the account's profile names none either.";

    public static final String TOPIC_PREFIX_CONFIG = "router.topic.prefix";
    private static final String TOPIC_PREFIX_DOC = "Prefix of every topic name (tenants sharing a cluster); empty for the standard names.";

    public static final String ACCOUNT_PARTITIONS_CONFIG = "router.account.partitions";
    private static final String ACCOUNT_PARTITIONS_DOC = "Partitions of the account-keyed topics (inference-requests, credit-balances, ...); the router's repartition topics use the same count.";

    public static final String DEFAULT_MAX_OUTPUT_TOKENS_CONFIG = "router.default.max.output.tokens";
    private static final String DEFAULT_MAX_OUTPUT_TOKENS_DOC = "Output-token bound of the cost reservation for models whose catalog entry gives none.";

    public static final String MAX_MEDIA_SECONDS_CONFIG = "router.max.media.seconds";
    private static final String MAX_MEDIA_SECONDS_DOC = "Duration bound of the cost reservation for audio and video requests that give none.";

    public static final String IDEMPOTENCY_WINDOW_MS_CONFIG = "router.idempotency.window.ms";
    private static final String IDEMPOTENCY_WINDOW_MS_DOC = "How long request ids and idempotency keys are remembered.";

    public static final String CACHE_DEFAULT_TTL_SECONDS_CONFIG = "router.cache.default.ttl.seconds";
    private static final String CACHE_DEFAULT_TTL_SECONDS_DOC = "How long a successful response is served from the cache when the request does not say; 0 disables caching by default.";

    public static final String CATALOG_FILE_CONFIG = "router.catalog.file";
    private static final String CATALOG_FILE_DOC = "Catalog file published to model-catalog at start-up; empty: the catalog bundled with inferline.";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(DEFAULT_MODEL_CONFIG, Type.STRING, "workers-ai/@cf/meta/llama-3.1-8b-instruct", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, DEFAULT_MODEL_DOC)
            .define(TOPIC_PREFIX_CONFIG, Type.STRING, "", Importance.LOW, TOPIC_PREFIX_DOC)
            .define(ACCOUNT_PARTITIONS_CONFIG, Type.INT, TopicRegistry.DEFAULT_ACCOUNT_PARTITIONS, Range.atLeast(1),
                    Importance.MEDIUM, ACCOUNT_PARTITIONS_DOC)
            .define(DEFAULT_MAX_OUTPUT_TOKENS_CONFIG, Type.INT, 4096, Range.atLeast(1), Importance.LOW, DEFAULT_MAX_OUTPUT_TOKENS_DOC)
            .define(MAX_MEDIA_SECONDS_CONFIG, Type.INT, 600, Range.atLeast(1), Importance.LOW, MAX_MEDIA_SECONDS_DOC)
            .define(IDEMPOTENCY_WINDOW_MS_CONFIG, Type.LONG, 24L * 60 * 60 * 1000, Range.atLeast(1_000), Importance.LOW, IDEMPOTENCY_WINDOW_MS_DOC)
            .define(CACHE_DEFAULT_TTL_SECONDS_CONFIG, Type.LONG, 3600L, Range.atLeast(0), Importance.LOW, CACHE_DEFAULT_TTL_SECONDS_DOC)
            .define(CATALOG_FILE_CONFIG, Type.STRING, "", Importance.LOW, CATALOG_FILE_DOC);

    public RouterConfig(Map<String, ?> props) {
        super(CONFIG, props, false);
        try {
            topics();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(TOPIC_PREFIX_CONFIG, getString(TOPIC_PREFIX_CONFIG), e.getMessage());
        }
        rejectUnknownRouterKeys(props);
    }

    private static void rejectUnknownRouterKeys(Map<String, ?> props) {
        for (String key : props.keySet()) {
            if (key.startsWith("router.") && !CONFIG.names().contains(key)) {
                throw new ConfigException(key, props.get(key), "unknown router setting; known: " + new java.util.TreeSet<>(CONFIG.names()));
            }
        }
    }

    /** Properties with {@code INFERLINE_ROUTER_X_Y} environment variables applied as {@code router.x.y} over {@code file}. */
    public static Map<String, Object> withEnvironment(Map<String, ?> file, Map<String, String> env) {
        return AppMain.withEnvironment("router", file, env, name -> false);
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public TopicRegistry topics() {
        return TopicRegistry.standard().withPrefix(getString(TOPIC_PREFIX_CONFIG))
                .withAccountPartitions(getInt(ACCOUNT_PARTITIONS_CONFIG));
    }

    public String defaultModel() {
        return getString(DEFAULT_MODEL_CONFIG);
    }

    public int accountPartitions() {
        return getInt(ACCOUNT_PARTITIONS_CONFIG);
    }

    public int defaultMaxOutputTokens() {
        return getInt(DEFAULT_MAX_OUTPUT_TOKENS_CONFIG);
    }

    public int maxMediaSeconds() {
        return getInt(MAX_MEDIA_SECONDS_CONFIG);
    }

    public long idempotencyWindowMs() {
        return getLong(IDEMPOTENCY_WINDOW_MS_CONFIG);
    }

    public long cacheDefaultTtlSeconds() {
        return getLong(CACHE_DEFAULT_TTL_SECONDS_CONFIG);
    }

    public String catalogFile() {
        return getString(CATALOG_FILE_CONFIG);
    }
}
