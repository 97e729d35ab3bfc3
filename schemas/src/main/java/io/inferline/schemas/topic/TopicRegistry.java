package io.inferline.schemas.topic;

import io.inferline.avro.AccountProfile;
import io.inferline.avro.BalanceAlert;
import io.inferline.avro.BatchJob;
import io.inferline.avro.BudgetReservation;
import io.inferline.avro.CachedResponse;
import io.inferline.avro.CatalogEntry;
import io.inferline.avro.CreditBalance;
import io.inferline.avro.CreditGrant;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.ProviderTaskState;
import io.inferline.avro.RequestLogEntry;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UsageEvent;
import io.inferline.avro.UsageWindow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one registry of every topic inferline reads or writes. Immutable: the {@code with...}
 * methods return copies.
 *
 * <p>Account-keyed topics ({@link #accountKeyed()}) always share one partition count, so the
 * router's budget state, the account's requests and its balance live in the same task (no
 * distributed lock, no race). Request-keyed topics spread work evenly over worker instances.
 * Scaling out means raising these counts on a real cluster.
 */
public final class TopicRegistry {

    /** Providers of the standard catalog; each gets its interactive, batch, retry and dead-letter topics. */
    public static final List<String> KNOWN_PROVIDERS = List.of(
            "openai", "anthropic", "google", "workers-ai", "alibaba", "bytedance", "assemblyai", "inworld",
            "minimax", "pixverse", "recraft", "runway", "vidu", "mistral", "cohere");

    public static final int DEFAULT_ACCOUNT_PARTITIONS = 6;
    public static final int DEFAULT_REQUEST_PARTITIONS = 6;

    private static final Pattern PROVIDER_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern PREFIX = Pattern.compile("([a-z0-9]+(-[a-z0-9]+)*-)?");
    private static final Optional<Duration> WEEK = Optional.of(Duration.ofDays(7));
    private static final Optional<Duration> MONTH = Optional.of(Duration.ofDays(30));
    private static final Optional<Duration> BROKER_DEFAULT = Optional.empty();

    private final String prefix;
    private final int accountPartitions;
    private final int requestPartitions;

    private TopicRegistry(String prefix, int accountPartitions, int requestPartitions) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "topic prefix must be empty or lowercase kebab-case ending in '-', e.g. 'tenant-a-': " + prefix);
        }
        if (accountPartitions < 1 || requestPartitions < 1) {
            throw new IllegalArgumentException("partition counts must be positive");
        }
        this.prefix = prefix;
        this.accountPartitions = accountPartitions;
        this.requestPartitions = requestPartitions;
    }

    /** The standard topic names, with the default partition counts. */
    public static TopicRegistry standard() {
        return new TopicRegistry("", DEFAULT_ACCOUNT_PARTITIONS, DEFAULT_REQUEST_PARTITIONS);
    }

    /** A copy whose topic names all start with {@code prefix} (for tenants sharing a cluster, or tests). */
    public TopicRegistry withPrefix(String prefix) {
        return new TopicRegistry(prefix, accountPartitions, requestPartitions);
    }

    /** A copy with another partition count for all account-keyed topics (they stay co-partitioned). */
    public TopicRegistry withAccountPartitions(int partitions) {
        return new TopicRegistry(prefix, partitions, requestPartitions);
    }

    /** A copy with another partition count for all request-keyed topics. */
    public TopicRegistry withRequestPartitions(int partitions) {
        return new TopicRegistry(prefix, accountPartitions, partitions);
    }

    public String prefix() {
        return prefix;
    }

    // ---- account-keyed (co-partitioned) ----

    /** Clients' requests, keyed by account id. */
    public Topic<String, InferenceRequest> inferenceRequests() {
        return accountTopic("inference-requests", InferenceRequest.class, CleanupPolicy.DELETE, WEEK);
    }

    /** Requests that could not be decoded or addressed: the original bytes plus {@link DeadLetterHeaders}. */
    public Topic<byte[], byte[]> requestsDlq() {
        return new Topic<>(prefix + "inference-requests-dlq", byte[].class, byte[].class, accountPartitions,
                CleanupPolicy.DELETE, MONTH);
    }

    /** One charge per request, keyed by account id. Kept a month so replays can be de-duplicated. */
    public Topic<String, UsageEvent> usageEvents() {
        return accountTopic("usage-events", UsageEvent.class, CleanupPolicy.DELETE, MONTH);
    }

    /** Credit top-ups, refunds and adjustments, keyed by account id; kept forever as the audit trail. */
    public Topic<String, CreditGrant> creditGrants() {
        return accountTopic("credit-grants", CreditGrant.class, CleanupPolicy.DELETE, Optional.of(Topic.FOREVER));
    }

    /** The router's reservations against the credit pool, keyed by account id. */
    public Topic<String, BudgetReservation> budgetReservations() {
        return accountTopic("budget-reservations", BudgetReservation.class, CleanupPolicy.DELETE, WEEK);
    }

    /** Current credit pool per account (compacted). */
    public Topic<String, CreditBalance> creditBalances() {
        return accountTopic("credit-balances", CreditBalance.class, CleanupPolicy.COMPACT, BROKER_DEFAULT);
    }

    /** Gateway profile per account (compacted). */
    public Topic<String, AccountProfile> accountProfiles() {
        return accountTopic("account-profiles", AccountProfile.class, CleanupPolicy.COMPACT, BROKER_DEFAULT);
    }

    /** Balance threshold crossings, keyed by account id. */
    public Topic<String, BalanceAlert> balanceAlerts() {
        return accountTopic("balance-alerts", BalanceAlert.class, CleanupPolicy.DELETE, MONTH);
    }

    /**
     * Records the billing aggregator could not apply (undecodable, invalid or absurd grants, usage
     * events and reservations): the original bytes plus {@link DeadLetterHeaders}, keyed as they came.
     */
    public Topic<byte[], byte[]> billingDlq() {
        return new Topic<>(prefix + "billing-dlq", byte[].class, byte[].class, accountPartitions,
                CleanupPolicy.DELETE, Optional.of(Topic.FOREVER));
    }

    /**
     * Usage per account, model and tumbling window of {@code size} (compacted: the newest value of
     * each window), keyed {@code account|slug|window start ms} and partitioned by account id, so it
     * lies beside the account's other topics. Windows older than the retention are deleted.
     */
    public Topic<String, UsageWindow> usageWindows(UsageWindowSize size) {
        return accountTopic("usage-windows-" + size.suffix(), UsageWindow.class, CleanupPolicy.COMPACT_DELETE,
                Optional.of(size.topicRetention()));
    }

    /** The three usage-window topics, shortest window first. */
    public List<Topic<String, UsageWindow>> usageWindows() {
        return java.util.Arrays.stream(UsageWindowSize.values()).map(this::usageWindows).toList();
    }

    // ---- request-keyed ----

    /** Interactive lane of a provider: single calls, keyed by request id. */
    public Topic<String, RoutedRequest> providerRequests(String provider) {
        return requestTopic("provider-requests-" + checkedProvider(provider), RoutedRequest.class, CleanupPolicy.DELETE, WEEK);
    }

    /** Batch lane of a provider: requests of batch jobs, keyed by request id. */
    public Topic<String, RoutedRequest> providerBatch(String provider) {
        return requestTopic("provider-requests-" + checkedProvider(provider) + "-batch", RoutedRequest.class, CleanupPolicy.DELETE, WEEK);
    }

    /** Requests waiting for a retry with a not-before time, keyed by request id. */
    public Topic<String, RoutedRequest> providerRetry(String provider) {
        return requestTopic("provider-requests-" + checkedProvider(provider) + "-retry", RoutedRequest.class, CleanupPolicy.DELETE, WEEK);
    }

    /** Dead letters of a provider: the original bytes untouched plus {@link DeadLetterHeaders}. */
    public Topic<byte[], byte[]> providerDlq(String provider) {
        return new Topic<>(prefix + "provider-requests-" + checkedProvider(provider) + "-dlq",
                byte[].class, byte[].class, requestPartitions, CleanupPolicy.DELETE, MONTH);
    }

    /** Every answer, keyed by request id. */
    public Topic<String, InferenceResponse> inferenceResponses() {
        return requestTopic("inference-responses", InferenceResponse.class, CleanupPolicy.DELETE, WEEK);
    }

    /** Unified request log, keyed by request id. */
    public Topic<String, RequestLogEntry> requestLog() {
        return requestTopic("request-log", RequestLogEntry.class, CleanupPolicy.DELETE, MONTH);
    }

    /** Asynchronous provider task state (compacted), keyed by request id. */
    public Topic<String, ProviderTaskState> providerTasks() {
        return requestTopic("provider-tasks", ProviderTaskState.class, CleanupPolicy.COMPACT, BROKER_DEFAULT);
    }

    /** Exact-match response cache (compacted), keyed by cache key. */
    public Topic<String, CachedResponse> responseCache() {
        return requestTopic("response-cache", CachedResponse.class, CleanupPolicy.COMPACT, BROKER_DEFAULT);
    }

    /** Batch job state (compacted), keyed by job id. */
    public Topic<String, BatchJob> batchJobs() {
        return requestTopic("batch-jobs", BatchJob.class, CleanupPolicy.COMPACT, BROKER_DEFAULT);
    }

    // ---- reference data ----

    /**
     * The model catalog (compacted), keyed {@code provider:<id>}, {@code model:<slug>} or
     * {@code alias:<alias>}; read as a global table, so one partition is enough.
     */
    public Topic<String, CatalogEntry> modelCatalog() {
        return new Topic<>(prefix + "model-catalog", String.class, CatalogEntry.class, 1, CleanupPolicy.COMPACT, BROKER_DEFAULT);
    }

    /** The topics whose partitions must match, because they are joined by account id. */
    public List<Topic<String, ?>> accountKeyed() {
        return List.of(inferenceRequests(), usageEvents(), creditGrants(), budgetReservations(),
                creditBalances(), accountProfiles(), balanceAlerts());
    }

    /** The four topics of one provider. */
    public List<Topic<?, ?>> providerTopics(String provider) {
        return List.of(providerRequests(provider), providerBatch(provider), providerRetry(provider), providerDlq(provider));
    }

    /** Every topic of the system for the given providers (each named once, however often it is listed). */
    public List<Topic<?, ?>> all(Collection<String> providers) {
        List<Topic<?, ?>> topics = new ArrayList<>(accountKeyed());
        topics.add(billingDlq());
        topics.addAll(usageWindows());
        topics.addAll(List.of(requestsDlq(), inferenceResponses(), requestLog(), providerTasks(), responseCache(), batchJobs(), modelCatalog()));
        new LinkedHashSet<>(providers).forEach(provider -> topics.addAll(providerTopics(provider)));
        return List.copyOf(topics);
    }

    /** Every topic of the system for {@link #KNOWN_PROVIDERS}. */
    public List<Topic<?, ?>> all() {
        return all(KNOWN_PROVIDERS);
    }

    private <V> Topic<String, V> accountTopic(String name, Class<V> type, CleanupPolicy policy, Optional<Duration> retention) {
        return new Topic<>(prefix + name, String.class, type, accountPartitions, policy, retention);
    }

    private <V> Topic<String, V> requestTopic(String name, Class<V> type, CleanupPolicy policy, Optional<Duration> retention) {
        return new Topic<>(prefix + name, String.class, type, requestPartitions, policy, retention);
    }

    private static String checkedProvider(String provider) {
        if (provider == null || !PROVIDER_ID.matcher(provider).matches()) {
            throw new IllegalArgumentException("provider id must be lowercase kebab-case, e.g. workers-ai: " + provider);
        }
        return provider;
    }
}
