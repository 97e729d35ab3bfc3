package io.inferline.workers;

import io.inferline.schemas.app.AppMain;
import io.inferline.schemas.topic.TopicRegistry;
import io.inferline.workers.credentials.ProviderCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The workers' own settings ({@code worker.*}). Values come from a properties file, then
 * {@code INFERLINE_WORKER_*} environment variables, then these defaults; an invalid value stops
 * start-up naming the key. Per-provider settings are {@code worker.provider.<id>.<setting>}
 * (base.url, requests.per.minute, tokens.per.minute, account.id). Kafka and serde settings
 * (bootstrap.servers, schema.registry.url, ...) pass through unchanged. Keys never come from here:
 * see {@link io.inferline.workers.credentials.ProviderCredentials}.
 */
public final class WorkerConfig extends AbstractConfig {

    public static final String PROVIDERS_CONFIG = "worker.providers";
    private static final String PROVIDERS_DOC = "Providers this process works for; each gets its own consumer group, producer and in-flight limit.";

    public static final String INSTANCE_ID_CONFIG = "worker.instance.id";
    private static final String INSTANCE_ID_DOC = "Stable id of this process among the fleet (e.g. the pod name). It names the transactional producers, so a restarted "
            + "instance fences its predecessor's open transaction at once; two live processes must never share it. Empty: the host name.";

    public static final String TOPIC_PREFIX_CONFIG = "worker.topic.prefix";
    private static final String TOPIC_PREFIX_DOC = "Prefix of every topic name; the same as the router's.";

    public static final String MAX_IN_FLIGHT_CONFIG = "worker.max.in.flight";
    private static final String MAX_IN_FLIGHT_DOC = "Upstream calls in flight at once per provider in this process; at the limit the worker stops taking records (partitions paused).";

    public static final String COMMIT_INTERVAL_MS_CONFIG = "worker.commit.interval.ms";
    private static final String COMMIT_INTERVAL_MS_DOC = "How often finished requests are committed (responses, usage events and offsets in one transaction).";

    public static final String CONNECT_TIMEOUT_MS_CONFIG = "worker.connect.timeout.ms";
    private static final String CONNECT_TIMEOUT_MS_DOC = "Upstream connect timeout.";

    public static final String RESPONSE_TIMEOUT_MS_CONFIG = "worker.response.timeout.ms";
    private static final String RESPONSE_TIMEOUT_MS_DOC = "Longest wait for an upstream answer; a request's own deadline shortens it.";

    public static final String RETRY_MAX_ATTEMPTS_CONFIG = "worker.retry.max.attempts";
    private static final String RETRY_MAX_ATTEMPTS_DOC = "Calls to one model before the request falls back to the next model of its chain (or fails).";

    public static final String RETRY_BACKOFF_MS_CONFIG = "worker.retry.backoff.ms";
    private static final String RETRY_BACKOFF_MS_DOC = "Base of the exponential backoff (full jitter).";

    public static final String RETRY_BACKOFF_MAX_MS_CONFIG = "worker.retry.backoff.max.ms";
    private static final String RETRY_BACKOFF_MAX_MS_DOC = "Cap of the exponential backoff.";

    public static final String RETRY_INLINE_MAX_MS_CONFIG = "worker.retry.inline.max.ms";
    private static final String RETRY_INLINE_MAX_MS_DOC = "Waits up to this long happen in the worker; longer ones go through the provider's -retry topic with a not-before time.";

    public static final String FALLBACK_STATUSES_CONFIG = "worker.fallback.statuses";
    private static final String FALLBACK_STATUSES_DOC = "Upstream HTTP statuses that move a request to its next model at once, without retrying (e.g. 404 for a model the provider withdrew).";

    public static final String BLOB_DIR_CONFIG = "worker.blob.dir";
    private static final String BLOB_DIR_DOC = "Directory where binary outputs larger than the inline limit are stored (the response carries their URI).";

    public static final String BLOB_PUBLIC_URL_CONFIG = "worker.blob.public.url";
    private static final String BLOB_PUBLIC_URL_DOC = "Base URL that serves the blob directory to clients; empty: file: URIs.";

    public static final String BLOB_INLINE_MAX_BYTES_CONFIG = "worker.blob.inline.max.bytes";
    private static final String BLOB_INLINE_MAX_BYTES_DOC = "Binary outputs up to this size stay inline in the response; larger ones go to the blob store.";

    public static final String TASK_POLL_INITIAL_MS_CONFIG = "worker.task.poll.initial.ms";
    private static final String TASK_POLL_INITIAL_MS_DOC = "First wait before polling a provider task, growing by half each poll up to the maximum, unless the provider suggests its own.";

    public static final String TASK_POLL_MAX_MS_CONFIG = "worker.task.poll.max.ms";
    private static final String TASK_POLL_MAX_MS_DOC = "Longest wait between two polls of a provider task (it also bounds how long a finished task's answer can wait for the tasks before it to commit).";

    public static final String TASK_POLL_MAX_FAILURES_CONFIG = "worker.task.poll.max.failures";
    private static final String TASK_POLL_MAX_FAILURES_DOC = "Status queries in a row that may fail (provider errors, unreadable answers) before the task's request ends FAILED.";

    public static final String TASK_TIMEOUT_MS_CONFIG = "worker.task.timeout.ms";
    private static final String TASK_TIMEOUT_MS_DOC = "Longest life of a provider task without a request deadline; then it is cancelled (where the provider can) and answered EXPIRED.";

    private static final ConfigDef CONFIG = new ConfigDef()
            .define(PROVIDERS_CONFIG, Type.LIST, List.of(), Importance.HIGH, PROVIDERS_DOC)
            .define(INSTANCE_ID_CONFIG, Type.STRING, "", Importance.HIGH, INSTANCE_ID_DOC)
            .define(TOPIC_PREFIX_CONFIG, Type.STRING, "", Importance.LOW, TOPIC_PREFIX_DOC)
            .define(MAX_IN_FLIGHT_CONFIG, Type.INT, 64, Range.between(1, 10_000), Importance.MEDIUM, MAX_IN_FLIGHT_DOC)
            .define(COMMIT_INTERVAL_MS_CONFIG, Type.LONG, 50L, Range.between(1, 60_000), Importance.LOW, COMMIT_INTERVAL_MS_DOC)
            .define(CONNECT_TIMEOUT_MS_CONFIG, Type.LONG, 10_000L, Range.atLeast(1), Importance.LOW, CONNECT_TIMEOUT_MS_DOC)
            .define(RESPONSE_TIMEOUT_MS_CONFIG, Type.LONG, 120_000L, Range.atLeast(1), Importance.MEDIUM, RESPONSE_TIMEOUT_MS_DOC)
            .define(RETRY_MAX_ATTEMPTS_CONFIG, Type.INT, 4, Range.between(1, 100), Importance.MEDIUM, RETRY_MAX_ATTEMPTS_DOC)
            .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 250L, Range.atLeast(1), Importance.LOW, RETRY_BACKOFF_MS_DOC)
            .define(RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW, RETRY_BACKOFF_MAX_MS_DOC)
            .define(RETRY_INLINE_MAX_MS_CONFIG, Type.LONG, 2_000L, Range.atLeast(0), Importance.LOW, RETRY_INLINE_MAX_MS_DOC)
            .define(FALLBACK_STATUSES_CONFIG, Type.LIST, List.of(), Importance.LOW, FALLBACK_STATUSES_DOC)
            .define(BLOB_DIR_CONFIG, Type.STRING, ".inferline/blobs", new ConfigDef.NonEmptyString(), Importance.MEDIUM, BLOB_DIR_DOC)
            .define(BLOB_PUBLIC_URL_CONFIG, Type.STRING, "", Importance.LOW, BLOB_PUBLIC_URL_DOC)
            .define(BLOB_INLINE_MAX_BYTES_CONFIG, Type.INT, 64 * 1024, Range.between(0, 512 * 1024), Importance.LOW, BLOB_INLINE_MAX_BYTES_DOC)
            .define(TASK_POLL_INITIAL_MS_CONFIG, Type.LONG, 2_000L, Range.between(1, 3_600_000), Importance.LOW, TASK_POLL_INITIAL_MS_DOC)
            .define(TASK_POLL_MAX_MS_CONFIG, Type.LONG, 15_000L, Range.between(1, 3_600_000), Importance.LOW, TASK_POLL_MAX_MS_DOC)
            .define(TASK_POLL_MAX_FAILURES_CONFIG, Type.INT, 20, Range.between(1, 10_000), Importance.LOW, TASK_POLL_MAX_FAILURES_DOC)
            .define(TASK_TIMEOUT_MS_CONFIG, Type.LONG, 3_600_000L, Range.atLeast(1), Importance.LOW, TASK_TIMEOUT_MS_DOC);

    private static final List<String> PROVIDER_SETTINGS = List.of("base.url", "requests.per.minute", "tokens.per.minute", "account.id");

    public WorkerConfig(Map<String, ?> props) {
        super(CONFIG, props, false);
        try {
            topics();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(TOPIC_PREFIX_CONFIG, getString(TOPIC_PREFIX_CONFIG), e.getMessage());
        }
        for (String provider : providers()) {
            if (!TopicRegistry.KNOWN_PROVIDERS.contains(provider)) {
                throw new ConfigException(PROVIDERS_CONFIG, provider, "unknown provider; known: " + TopicRegistry.KNOWN_PROVIDERS);
            }
        }
        for (String status : getList(FALLBACK_STATUSES_CONFIG)) {
            if (!status.matches("[1-5][0-9][0-9]")) {
                throw new ConfigException(FALLBACK_STATUSES_CONFIG, status, "not an HTTP status");
            }
        }
        if (getLong(TASK_POLL_MAX_MS_CONFIG) < getLong(TASK_POLL_INITIAL_MS_CONFIG)) {
            throw new ConfigException(TASK_POLL_MAX_MS_CONFIG, getLong(TASK_POLL_MAX_MS_CONFIG), "must be at least " + TASK_POLL_INITIAL_MS_CONFIG);
        }
        if (getLong(RETRY_BACKOFF_MAX_MS_CONFIG) < getLong(RETRY_BACKOFF_MS_CONFIG)) {
            throw new ConfigException(RETRY_BACKOFF_MAX_MS_CONFIG, getLong(RETRY_BACKOFF_MAX_MS_CONFIG), "must be at least " + RETRY_BACKOFF_MS_CONFIG);
        }
        rejectUnknownWorkerKeys(props);
    }

    private static void rejectUnknownWorkerKeys(Map<String, ?> props) {
        for (String key : props.keySet()) {
            if (!key.startsWith("worker.") || CONFIG.names().contains(key)) {
                continue;
            }
            boolean providerSetting = key.startsWith("worker.provider.")
                    && PROVIDER_SETTINGS.stream().anyMatch(setting -> key.endsWith("." + setting));
            if (!providerSetting) {
                throw new ConfigException(key, props.get(key), "unknown worker setting; known: " + new TreeSet<>(CONFIG.names())
                        + " and worker.provider.<id>.{" + String.join(",", PROVIDER_SETTINGS) + "}");
            }
        }
    }

    /** Properties with {@code INFERLINE_WORKER_X_Y} environment variables applied as {@code worker.x.y} over {@code file}. */
    public static Map<String, Object> withEnvironment(Map<String, ?> file, Map<String, String> env) {
        // the secrets file is read by ProviderCredentials, never through the configuration
        return AppMain.withEnvironment("worker", file, env, name -> name.equals(ProviderCredentials.SECRETS_FILE_ENV));
    }

    public static ConfigDef configDef() {
        return new ConfigDef(CONFIG);
    }

    public TopicRegistry topics() {
        return TopicRegistry.standard().withPrefix(getString(TOPIC_PREFIX_CONFIG));
    }

    public List<String> providers() {
        return getList(PROVIDERS_CONFIG).stream().map(p -> p.trim().toLowerCase(Locale.ROOT)).filter(p -> !p.isEmpty()).toList();
    }

    public String instanceId() {
        String configured = getString(INSTANCE_ID_CONFIG);
        if (!configured.isBlank()) {
            return configured;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            throw new ConfigException(INSTANCE_ID_CONFIG, "", "empty and the host name is unknown; set it");
        }
    }

    public int maxInFlight() {
        return getInt(MAX_IN_FLIGHT_CONFIG);
    }

    public Duration commitInterval() {
        return Duration.ofMillis(getLong(COMMIT_INTERVAL_MS_CONFIG));
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(getLong(CONNECT_TIMEOUT_MS_CONFIG));
    }

    public Duration responseTimeout() {
        return Duration.ofMillis(getLong(RESPONSE_TIMEOUT_MS_CONFIG));
    }

    public int retryMaxAttempts() {
        return getInt(RETRY_MAX_ATTEMPTS_CONFIG);
    }

    public Duration retryBackoff() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MS_CONFIG));
    }

    public Duration retryBackoffMax() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS_CONFIG));
    }

    public Duration retryInlineMax() {
        return Duration.ofMillis(getLong(RETRY_INLINE_MAX_MS_CONFIG));
    }

    public java.util.Set<Integer> fallbackStatuses() {
        return getList(FALLBACK_STATUSES_CONFIG).stream().map(Integer::valueOf).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public java.nio.file.Path blobDir() {
        return java.nio.file.Path.of(getString(BLOB_DIR_CONFIG));
    }

    public Optional<String> blobPublicUrl() {
        return Optional.of(getString(BLOB_PUBLIC_URL_CONFIG)).filter(url -> !url.isBlank());
    }

    public int blobInlineMaxBytes() {
        return getInt(BLOB_INLINE_MAX_BYTES_CONFIG);
    }

    public TaskPolling taskPolling() {
        return new TaskPolling(Duration.ofMillis(getLong(TASK_POLL_INITIAL_MS_CONFIG)), Duration.ofMillis(getLong(TASK_POLL_MAX_MS_CONFIG)),
                getInt(TASK_POLL_MAX_FAILURES_CONFIG), Duration.ofMillis(getLong(TASK_TIMEOUT_MS_CONFIG)));
    }

    /**
     * How provider tasks are polled.
     *
     * @param maxFailures failed status queries in a row before the request fails
     * @param timeout     longest life of a task whose request has no deadline
     */
    public record TaskPolling(Duration initial, Duration max, int maxFailures, Duration timeout) {
    }

    /** {@code worker.provider.<provider>.<setting>}, if set. */
    public Optional<String> providerSetting(String provider, String setting) {
        Object value = originals().get("worker.provider." + provider + "." + setting);
        return Optional.ofNullable(value).map(Object::toString).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** A positive number from {@code worker.provider.<provider>.<setting>}, if set. */
    public Optional<Long> providerLimit(String provider, String setting) {
        return providerSetting(provider, setting).map(value -> {
            try {
                long parsed = Long.parseLong(value);
                if (parsed > 0) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ConfigException("worker.provider." + provider + "." + setting, value, "must be a positive whole number");
        });
    }
}
