package io.inferline.router.topology;

import io.inferline.avro.AccountProfile;
import io.inferline.avro.BatchJob;
import io.inferline.avro.BudgetReservation;
import io.inferline.avro.CachedResponse;
import io.inferline.avro.CreditBalance;
import io.inferline.avro.ErrorInfo;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.JobState;
import io.inferline.avro.ModelSpec;
import io.inferline.avro.RateLimit;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.Usage;
import io.inferline.avro.UnitKind;
import io.inferline.avro.UsageEvent;
import io.inferline.avro.router.IdempotencyRecord;
import io.inferline.avro.router.RateWindow;
import io.inferline.avro.router.ReservationLedger;
import io.inferline.router.budget.BudgetGate;
import io.inferline.router.budget.CostEstimator;
import io.inferline.router.budget.SpendLimits;
import io.inferline.router.cache.CacheKey;
import io.inferline.router.limits.RateLimiter;
import io.inferline.router.resolve.ErrorCodes;
import io.inferline.router.resolve.Resolution;
import io.inferline.router.resolve.SlugResolver;
import io.inferline.schemas.topic.DeadLetterHeaders;
import io.inferline.schemas.topic.TraceHeaders;
import io.inferline.schemas.topic.TopicRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Sends every request of {@code inference-requests} to exactly one place: its provider's topic,
 * or an answer on the responses topic. In order: decode and validate, duplicates, deadline,
 * cancelled job, model resolution, response cache, rate limits, budget reservation, routing. Runs
 * in the task that owns the account's partition, so an account's checks and reservations never race.
 */
final class RequestRouter implements Processor<byte[], byte[], String, RouterOutput> {

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Duration DELAY_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final RouterSettings settings;
    private final java.util.Set<String> contractTopics;
    private final Deserializer<InferenceRequest> requests;
    private ProcessorContext<String, RouterOutput> context;
    private SlugResolver resolver;
    private TimestampedKeyValueStore<String, CachedResponse> cache;
    private TimestampedKeyValueStore<String, BatchJob> jobs;
    private TimestampedKeyValueStore<String, CreditBalance> balances;
    private TimestampedKeyValueStore<String, AccountProfile> profiles;
    private KeyValueStore<String, ReservationLedger> ledgers;
    private KeyValueStore<String, RateWindow> rateWindows;
    private KeyValueStore<String, IdempotencyRecord> idempotency;
    private KeyValueStore<String, InferenceRequest> delayed;

    RequestRouter(RouterSettings settings, Deserializer<InferenceRequest> requests) {
        this.contractTopics = settings.topics().all().stream().map(io.inferline.schemas.topic.Topic::name)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.settings = settings;
        this.requests = requests;
    }

    @Override
    public void init(ProcessorContext<String, RouterOutput> context) {
        this.context = context;
        this.resolver = new SlugResolver(new StoreCatalogLookup(context.getStateStore(StoreNames.CATALOG)), settings.defaultModel());
        this.cache = context.getStateStore(StoreNames.RESPONSE_CACHE);
        this.jobs = context.getStateStore(StoreNames.BATCH_JOBS);
        this.balances = context.getStateStore(StoreNames.CREDIT_BALANCES);
        this.profiles = context.getStateStore(StoreNames.ACCOUNT_PROFILES);
        this.ledgers = context.getStateStore(StoreNames.BUDGET_RESERVATIONS);
        this.rateWindows = context.getStateStore(StoreNames.RATE_LIMITS);
        this.idempotency = context.getStateStore(StoreNames.IDEMPOTENCY);
        this.delayed = context.getStateStore(StoreNames.DELAYED_REQUESTS);
        context.schedule(DELAY_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::releaseDueRequests);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        InferenceRequest request;
        try {
            request = requests.deserialize(settings.topics().inferenceRequests().name(), record.value());
        } catch (SerializationException | NullPointerException e) {
            deadLetter(record, e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
            return;
        }
        if (request == null) {
            deadLetter(record, "EmptyRecord", "a null value is not a request");
            return;
        }
        if (request.getRequestId().isBlank()) {
            deadLetter(record, ErrorCodes.INVALID_REQUEST, "request_id is empty: the request cannot be answered");
            return;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        route(request, key, now());
    }

    private void route(InferenceRequest request, String key, Instant now) {
        Optional<String> invalid = validate(request, key);
        if (invalid.isPresent()) {
            answer(request, Responses.error(request, ResponseStatus.REJECTED, ErrorCodes.INVALID_REQUEST, invalid.get(), now));
            if (!request.getAccountId().isBlank() && request.getAccountId().equals(key)) {
                charged(request, Optional.empty(), ResponseStatus.REJECTED, ErrorCodes.INVALID_REQUEST, false, now);
            }
            return;
        }
        if (answeredAsDuplicate(request, now)) {
            return;
        }
        if (request.getDeadline() != null && !request.getDeadline().isAfter(now)) {
            reject(request, ResponseStatus.EXPIRED, ErrorCodes.DEADLINE_EXCEEDED,
                    "the request's deadline " + request.getDeadline() + " passed before it could be routed", Optional.empty(), now);
            return;
        }
        if (jobCancelled(request)) {
            reject(request, ResponseStatus.CANCELLED, ErrorCodes.JOB_CANCELLED, "batch job " + request.getJobId()
                    + " was cancelled; its remaining requests are not routed", Optional.empty(), now);
            return;
        }
        Optional<AccountProfile> profile = value(profiles, request.getAccountId());
        Resolution resolution = resolver.resolve(request, profile);
        if (resolution instanceof Resolution.Rejected rejected) {
            reject(request, ResponseStatus.REJECTED, rejected.error(), Optional.empty(), now);
            return;
        }
        Resolution.Resolved resolved = (Resolution.Resolved) resolution;
        ModelSpec model = resolved.model();
        String cacheKey = CacheKey.of(model.getSlug(), request);
        if (servedFromCache(request, cacheKey, model, now)) {
            return;
        }
        CostEstimator.WorstCase bounds = settings.costs().estimate(request, model);
        if (!admittedByRateLimits(request, profile, model, bounds.tokens(), now)) {
            return;
        }
        long worstCase = bounds.micros();
        Optional<CreditBalance> balance = value(balances, request.getAccountId());
        ReservationLedger ledger = Optional.ofNullable(ledgers.get(request.getAccountId()))
                .orElseGet(() -> BudgetGate.emptyLedger(balance));
        Optional<SpendLimits.Refusal> overLimit = SpendLimits.check(profile, balance, ledger, worstCase, now);
        if (overLimit.isPresent()) {
            SpendLimits.Refusal limit = overLimit.get();
            reject(request, ResponseStatus.INSUFFICIENT_CREDITS, ErrorInfo.newBuilder().setCode(ErrorCodes.SPEND_LIMIT_EXCEEDED)
                    .setMessage("this request may cost up to " + credits(worstCase) + " credits with " + model.getSlug()
                            + "; with " + credits(Math.max(0, limit.committedMicros())) + " credits spent or reserved already it would pass"
                            + " the account's " + limit.period() + " spend limit of " + credits(limit.limitMicros())
                            + " credits, which starts over at " + limit.resetsAt())
                    .setRetryable(true).setRetryAfterMs(Duration.between(now, limit.resetsAt()).toMillis()).build(), Optional.of(model), now);
            return;
        }
        BudgetGate.Decision decision = BudgetGate.reserve(balance, ledger, request.getRequestId(), worstCase);
        ledgers.put(request.getAccountId(), decision.ledger());
        if (!decision.admitted()) {
            reject(request, ResponseStatus.INSUFFICIENT_CREDITS, ErrorCodes.INSUFFICIENT_CREDITS, "this request may cost up to "
                    + credits(worstCase) + " credits with " + model.getSlug() + " but the account has "
                    + credits(Math.max(0, decision.availableMicros())) + " available; add credits or lower max_output_tokens", Optional.of(model), now);
            return;
        }
        context.forward(new Record<>(request.getAccountId(), new RouterOutput.Reserved(BudgetReservation.newBuilder()
                .setAccountId(request.getAccountId()).setRequestId(request.getRequestId()).setAmountMicros(worstCase)
                .setSeq(decision.seq()).setAt(now).build()), now.toEpochMilli()));
        RoutedRequest routed = RoutedRequest.newBuilder()
                .setRequest(withAccountLogging(request, profile))
                .setProvider(model.getProvider())
                .setModel(model.getModelId())
                .setSlug(model.getSlug())
                .setCapability(request.getInput().getCapability())
                .setReservedMicros(worstCase)
                .setAttempt(1)
                .setAttempts(List.of())
                .setFallbackChain(resolved.fallbackChain())
                .setRoutedAt(now)
                .build();
        String lane = request.getJobId() != null
                ? settings.topics().providerBatch(model.getProvider()).name()
                : settings.topics().providerRequests(model.getProvider()).name();
        Headers headers = new RecordHeaders();
        headers.add(TraceHeaders.REQUEST_ID, utf8(request.getRequestId()));
        headers.add(TraceHeaders.ACCOUNT_ID, utf8(request.getAccountId()));
        if (request.getJobId() != null) {
            headers.add(TraceHeaders.JOB_ID, utf8(request.getJobId()));
        }
        context.forward(new Record<>(request.getRequestId(), (RouterOutput) new RouterOutput.Routed(lane, routed),
                now.toEpochMilli(), headers));
        rememberOutcome(request, cacheable(request, cacheKey), now);
    }

    /** An account that keeps payloads out of logs decides for its requests that do not say. */
    private static InferenceRequest withAccountLogging(InferenceRequest request, Optional<AccountProfile> profile) {
        if (request.getLogging().getLogPayload() != null || profile.map(AccountProfile::getLogPayloads).orElse(true)) {
            return request;
        }
        InferenceRequest copy = InferenceRequest.newBuilder(request).build();
        copy.getLogging().setLogPayload(false);
        return copy;
    }

    private Optional<String> validate(InferenceRequest request, String key) {
        if (request.getAccountId().isBlank()) {
            return Optional.of("account_id is empty");
        }
        if (!request.getAccountId().equals(key)) {
            return Optional.of("the record key must be the account id '" + request.getAccountId() + "' (was '" + key
                    + "'), so an account's requests share one partition");
        }
        if (request.getReplyTopic() != null && !TOPIC_NAME.matcher(request.getReplyTopic()).matches()) {
            return Optional.of("reply_topic '" + request.getReplyTopic() + "' is not a valid topic name");
        }
        if (request.getReplyTopic() != null && !usableReplyTopic(request.getReplyTopic())) {
            return Optional.of("reply_topic '" + request.getReplyTopic() + "' is one of inferline's own or Kafka's internal topics;"
                    + " name a topic of your own");
        }
        var input = request.getInput();
        boolean empty = switch (input.getCapability()) {
            case CHAT, COMPLETION -> input.getMessages().isEmpty() && blank(input.getPrompt());
            case EMBEDDING -> input.getTexts().isEmpty() && blank(input.getPrompt());
            case IMAGE, VIDEO, SPEECH -> blank(input.getPrompt()) && input.getMedia().isEmpty();
            case TRANSCRIPTION -> input.getMedia().isEmpty();
            default -> true;
        };
        if (empty) {
            return Optional.of("input has nothing to work on for capability " + input.getCapability()
                    + " (chat needs messages or prompt, embedding texts, image/video/speech a prompt, transcription media)");
        }
        Integer maxTokens = request.getOptions().getMaxOutputTokens();
        if (maxTokens != null && maxTokens <= 0) {
            return Optional.of("options.max_output_tokens must be positive, was " + maxTokens);
        }
        return Optional.empty();
    }

    /** A request id or idempotency key seen before gets the first request's answer, or DUPLICATE while it is in flight. */
    private boolean answeredAsDuplicate(InferenceRequest request, Instant now) {
        IdempotencyRecord byId = idempotency.get(IdempotencyKeys.requestId(request));
        IdempotencyRecord byKey = request.getIdempotencyKey() == null ? null
                : idempotency.get(IdempotencyKeys.idempotencyKey(request));
        IdempotencyRecord first = live(byId, now) ? byId : live(byKey, now) ? byKey : null;
        if (first == null) {
            return false;
        }
        IdempotencyRecord original = first == byKey ? idempotency.get(IdempotencyKeys.requestId(request.getAccountId(), first.getRequestId())) : first;
        InferenceResponse answer = original == null ? null : original.getResponse();
        if (answer != null) {
            answer(request, InferenceResponse.newBuilder(Responses.servedAgain(answer, request, false, now))
                    .setDuplicateOf(first.getRequestId()).build());
        } else {
            answer(request, InferenceResponse.newBuilder(Responses.error(request, ResponseStatus.DUPLICATE, ErrorCodes.DUPLICATE_REQUEST,
                    "request " + first.getRequestId() + " with the same " + (first == byId ? "request id" : "idempotency key")
                            + " is still in flight; its response will carry request id " + first.getRequestId(), now))
                    .setDuplicateOf(first.getRequestId()).build());
        }
        return true;
    }

    private boolean jobCancelled(InferenceRequest request) {
        if (request.getJobId() == null) {
            return false;
        }
        return value(jobs, request.getJobId())
                .map(job -> job.getState() == JobState.CANCELLED || job.getState() == JobState.CANCELLING)
                .orElse(false);
    }

    private boolean servedFromCache(InferenceRequest request, String cacheKey, ModelSpec model, Instant now) {
        if (request.getCache().getSkipCache()) {
            return false;
        }
        Optional<CachedResponse> hit = value(cache, cacheKey).filter(entry -> entry.getExpiresAt().isAfter(now));
        if (hit.isEmpty()) {
            return false;
        }
        InferenceResponse response = Responses.servedAgain(hit.get().getResponse(), request, true, now);
        answer(request, response);
        charged(request, Optional.of(model), ResponseStatus.SUCCEEDED, null, true, now);
        // the answer is known at once: a duplicate arriving before it comes back gets it too
        rememberOutcome(request, IdempotencyRecord.newBuilder().setRequestId(request.getRequestId())
                .setResponse(response).setCacheTtlSeconds(0).setExpiresAt(Instant.EPOCH).build(), now);
        return true;
    }

    private boolean admittedByRateLimits(InferenceRequest request, Optional<AccountProfile> profile, ModelSpec model,
                                         long tokens, Instant now) {
        RateLimiter.Limit accountLimit = profile.map(p -> new RateLimiter.Limit(Optional.ofNullable(p.getRequestsPerMinute()),
                Optional.ofNullable(p.getTokensPerMinute()))).orElse(RateLimiter.Limit.UNLIMITED);
        RateLimit modelLimit = profile.map(p -> p.getModelLimits().get(model.getSlug())).orElse(null);
        RateLimiter.Limit perModel = modelLimit == null ? RateLimiter.Limit.UNLIMITED
                : new RateLimiter.Limit(Optional.ofNullable(modelLimit.getRequestsPerMinute()), Optional.ofNullable(modelLimit.getTokensPerMinute()));
        String accountKey = "account|" + request.getAccountId();
        String modelKey = "model|" + request.getAccountId() + "|" + model.getSlug();
        RateLimiter.Decision account = accountLimit.isUnlimited() ? null : RateLimiter.tryAcquire(accountLimit, rateWindows.get(accountKey), tokens, now);
        RateLimiter.Decision perModelDecision = perModel.isUnlimited() ? null : RateLimiter.tryAcquire(perModel, rateWindows.get(modelKey), tokens, now);
        long retryAfter = Math.max(account != null && !account.admitted() ? account.retryAfterMs() : 0,
                perModelDecision != null && !perModelDecision.admitted() ? perModelDecision.retryAfterMs() : 0);
        if (retryAfter == 0) {
            if (account != null) {
                rateWindows.put(accountKey, account.window());
            }
            if (perModelDecision != null) {
                rateWindows.put(modelKey, perModelDecision.window());
            }
            return true;
        }
        if (request.getWaitIfRateLimited()) {
            delayed.put(DelayKeys.of(now.toEpochMilli() + retryAfter, request.getRequestId()), request);
            return false;
        }
        reject(request, ResponseStatus.RATE_LIMITED, ErrorInfo.newBuilder()
                .setCode(ErrorCodes.RATE_LIMITED).setMessage("rate limit of the account" + (perModelDecision != null
                        && !perModelDecision.admitted() ? " for " + model.getSlug() : "") + " reached; retry in " + retryAfter
                        + " ms, or set wait_if_rate_limited to queue the request")
                .setRetryable(true).setRetryAfterMs(retryAfter).build(), Optional.of(model), now);
        return false;
    }

    /** Requests that waited for their rate limit go through routing again once their time has come. */
    private void releaseDueRequests(long wallClockMs) {
        List<KeyValue<String, InferenceRequest>> due = new java.util.ArrayList<>();
        try (KeyValueIterator<String, InferenceRequest> it = delayed.range(DelayKeys.FIRST, DelayKeys.of(wallClockMs, "\uffff"))) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<String, InferenceRequest> entry : due) {
            delayed.delete(entry.key);
            route(entry.value, entry.value.getAccountId(), Instant.ofEpochMilli(wallClockMs));
        }
    }

    private IdempotencyRecord cacheable(InferenceRequest request, String cacheKey) {
        Long ttl = request.getCache().getTtlSeconds();
        long seconds = ttl != null ? ttl : settings.cacheDefaultTtlSeconds();
        return IdempotencyRecord.newBuilder().setRequestId(request.getRequestId())
                .setCacheKey(seconds > 0 && request.getReplyTopic() == null ? cacheKey : null)
                .setCacheTtlSeconds(seconds).setExpiresAt(Instant.EPOCH).build();
    }

    /** Remembers the request id (and idempotency key) so duplicates are recognised; {@code template} carries cache info. */
    private void rememberOutcome(InferenceRequest request, IdempotencyRecord template, Instant now) {
        Instant expires = now.plusMillis(settings.idempotencyWindowMs());
        IdempotencyRecord record = (template == null ? IdempotencyRecord.newBuilder().setRequestId(request.getRequestId())
                .setCacheTtlSeconds(0) : IdempotencyRecord.newBuilder(template)).setExpiresAt(expires).build();
        idempotency.put(IdempotencyKeys.requestId(request), record);
        if (request.getIdempotencyKey() != null) {
            idempotency.put(IdempotencyKeys.idempotencyKey(request), IdempotencyRecord.newBuilder()
                    .setRequestId(request.getRequestId()).setCacheTtlSeconds(0).setExpiresAt(expires).build());
        }
    }

    private void reject(InferenceRequest request, ResponseStatus status, String code, String message, Optional<ModelSpec> model, Instant now) {
        reject(request, status, Responses.notRetryable(code, message), model, now);
    }

    /**
     * Answers without routing, and remembers the request so a duplicate is recognised. Its zero usage event is the
     * request's one charge: billing sees every request exactly once (its errors by code, a job's progress).
     */
    private void reject(InferenceRequest request, ResponseStatus status, ErrorInfo error, Optional<ModelSpec> model, Instant now) {
        answer(request, Responses.error(request, status, error, now));
        rememberOutcome(request, null, now);
        charged(request, model, status, error.getCode(), false, now);
    }

    /**
     * A request answered here costs nothing: its usage event, nothing reserved. Without a resolved model it is
     * recorded under the slug it asked for ("-" where it named none).
     */
    private void charged(InferenceRequest request, Optional<ModelSpec> model, ResponseStatus status, String errorCode, boolean cached,
                         Instant now) {
        String asked = request.getModel() == null || request.getModel().isBlank() ? "-" : request.getModel();
        int slash = asked.indexOf('/');
        context.forward(new Record<>(request.getAccountId(), new RouterOutput.Used(UsageEvent.newBuilder()
                .setRequestId(request.getRequestId()).setAccountId(request.getAccountId()).setJobId(request.getJobId())
                .setProvider(model.map(ModelSpec::getProvider).orElse(slash > 0 ? asked.substring(0, slash) : "-"))
                .setModel(model.map(ModelSpec::getModelId).orElse(slash > 0 ? asked.substring(slash + 1) : asked))
                .setSlug(model.map(ModelSpec::getSlug).orElse(asked))
                .setUsage(Usage.newBuilder().setUnitKind(UnitKind.NONE).build())
                .setCostMicros(0).setReservedMicros(0).setStatus(status).setErrorCode(errorCode).setCached(cached)
                .setLatencyMs(0).setOccurredAt(now).build()), now.toEpochMilli()));
    }

    /** A client's topic: a valid name, not one of the contract's topics (billing reads them), not internal. */
    private boolean usableReplyTopic(String topic) {
        return topic != null && TOPIC_NAME.matcher(topic).matches() && !topic.startsWith("__") && !contractTopics.contains(topic);
    }

    private void answer(InferenceRequest request, InferenceResponse response) {
        String topic = usableReplyTopic(request.getReplyTopic()) ? request.getReplyTopic() : settings.topics().inferenceResponses().name();
        context.forward(new Record<>(request.getRequestId(), new RouterOutput.Answered(topic, response),
                response.getCompletedAt().toEpochMilli()));
    }

    private void deadLetter(Record<byte[], byte[]> record, String errorClass, String message) {
        Headers headers = new RecordHeaders();
        long now = context.currentSystemTimeMs();
        headers.add(DeadLetterHeaders.ERROR_CLASS, utf8(errorClass));
        headers.add(DeadLetterHeaders.ERROR_MESSAGE, utf8(message));
        headers.add(DeadLetterHeaders.STAGE, utf8("route"));
        headers.add(DeadLetterHeaders.ATTEMPTS, utf8("0"));
        headers.add(DeadLetterHeaders.FIRST_FAILURE_MS, utf8(Long.toString(now)));
        headers.add(DeadLetterHeaders.LAST_FAILURE_MS, utf8(Long.toString(now)));
        context.recordMetadata().ifPresent(meta -> {
            headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(meta.topic()));
            headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(meta.partition())));
            headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(meta.offset())));
        });
        context.forward(new Record<String, RouterOutput>(null, new RouterOutput.DeadLettered(record.key(), record.value()),
                record.timestamp(), headers));
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private static boolean live(IdempotencyRecord record, Instant now) {
        return record != null && record.getExpiresAt().isAfter(now);
    }

    private static <V> Optional<V> value(TimestampedKeyValueStore<String, V> store, String key) {
        return Optional.ofNullable(store.get(key)).map(ValueAndTimestamp::value);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String credits(long micros) {
        return java.math.BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
    }

    /** The part of the router's configuration its processors need. */
    record RouterSettings(TopicRegistry topics, String defaultModel, CostEstimator costs, long idempotencyWindowMs,
                          long cacheDefaultTtlSeconds) {
    }
}
