package io.inferline.workers.runtime;

import io.inferline.avro.Attempt;
import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.ErrorInfo;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.Message;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.Usage;
import io.inferline.schemas.catalog.Prices;
import io.inferline.schemas.serde.AvroSerdeException;
import io.inferline.workers.catalog.CatalogView;
import io.inferline.workers.metrics.WorkerMetrics;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.ProviderAdapter;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.UpstreamRequest;
import io.inferline.workers.provider.UpstreamResponse;
import io.inferline.workers.retry.FailureKind;
import io.inferline.workers.retry.UpstreamFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Starts upstream calls for the work the queue releases and turns their answers into outcomes:
 * a response with cost, a retry (here or through the retry topic), a fallback, or a failure.
 * Runs only on the worker's loop thread; the HTTP client hands answers back through a queue.
 */
final class RequestCalls implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RequestCalls.class);

    /** An upstream call that ended, with an HTTP answer or the transport error. */
    record Answer(Work work, UpstreamResponse response, Throwable error, long startedAtMs, long latencyMs) {
    }

    private final ProviderAdapter adapter;
    private final ProviderEndpoint endpoint;
    private final CatalogView catalog;
    private final FailurePolicy failures;
    private final ResultRecords results;
    private final WorkQueue queue;
    private final WorkerMetrics metrics;
    private final ProviderRateLimit rateLimit;
    private final UpstreamCaller caller;
    private final Duration responseTimeout;
    private final Consumer<Answer> answered;
    private final io.inferline.workers.blob.ClaimCheck claimCheck;

    RequestCalls(ProviderAdapter adapter, ProviderEndpoint endpoint, CatalogView catalog, FailurePolicy failures, ResultRecords results,
                 WorkQueue queue, WorkerMetrics metrics, ProviderRateLimit rateLimit, UpstreamCaller caller, Duration responseTimeout,
                 Consumer<Answer> answered, io.inferline.workers.blob.ClaimCheck claimCheck) {
        this.adapter = adapter;
        this.endpoint = endpoint;
        this.catalog = catalog;
        this.failures = failures;
        this.results = results;
        this.queue = queue;
        this.metrics = metrics;
        this.rateLimit = rateLimit;
        this.caller = caller;
        this.responseTimeout = responseTimeout;
        this.answered = answered;
        this.claimCheck = claimCheck;
    }

    /** Starts calls while the queue has ready work and a free slot, and the provider's rate limit allows. */
    void start(long nowMs) {
        Work work;
        while ((work = queue.next(nowMs)) != null) {
            if (!rateLimit.tryAcquire(estimatedTokens(work.routed.getRequest()), nowMs)) {
                queue.putBack(work);
                return;
            }
            boolean calling = false;
            try {
                calling = call(work, nowMs);
            } catch (RuntimeException e) {
                unexpected(work, e, Instant.ofEpochMilli(nowMs));
            } finally {
                if (!calling) {
                    queue.callEnded(work);
                }
            }
        }
    }

    /** Calls upstream for {@code work}, or ends it at once (deadline passed, request the provider cannot express). */
    private boolean call(Work work, long nowMs) {
        Instant now = Instant.ofEpochMilli(nowMs);
        Instant deadline = work.routed.getRequest().getDeadline();
        if (deadline != null && !now.isBefore(deadline)) {
            rateLimit.settle(estimatedTokens(work.routed.getRequest()), 0);
            finish(work, results.ended(work, ResponseStatus.EXPIRED, error("deadline_exceeded",
                    "the request's deadline " + deadline + " passed before " + adapter.provider() + " could answer it", false, null),
                    ResultRecords.STAGE_UPSTREAM, now));
            return false;
        }
        UpstreamRequest request;
        try {
            request = adapter.toUpstream(work.routed, endpoint);
        } catch (RuntimeException e) {
            rateLimit.settle(estimatedTokens(work.routed.getRequest()), 0);
            work.attempts.add(attempt(work, nowMs, 0).setOutcome(AttemptOutcome.FATAL_ERROR).setErrorCode("unsupported_request").build());
            finish(work, results.ended(work, ResponseStatus.FAILED, error("unsupported_request", endpoint.apiKey().redact(e.getMessage()), false, null),
                    ResultRecords.STAGE_TRANSLATE, now));
            metrics.deadLettered();
            return false;
        }
        Duration timeout = deadline == null ? responseTimeout : min(responseTimeout, Duration.between(now, deadline));
        long startedNanos = System.nanoTime();
        caller.call(request, timeout).whenComplete((response, error) ->
                answered.accept(new Answer(work, response, error, nowMs, (System.nanoTime() - startedNanos) / 1_000_000)));
        return true;
    }

    /** Handles every answer that arrived; answers for partitions this worker no longer owns are dropped. */
    void handle(Queue<Answer> answers, Function<TopicPartition, Long> generationOf, long nowMs) {
        Answer answer;
        while ((answer = answers.poll()) != null) {
            Work work = answer.work();
            queue.callEnded(work);
            Long generation = generationOf.apply(new TopicPartition(work.source.topic(), work.source.partition()));
            if (generation == null || generation != work.generation) {
                queue.released(work);
                continue;
            }
            work.callsOnModel++;
            try {
                handle(answer, Instant.ofEpochMilli(nowMs));
            } catch (RuntimeException e) {
                unexpected(work, e, Instant.ofEpochMilli(nowMs));
            }
        }
    }

    private void handle(Answer answer, Instant now) {
        Work work = answer.work();
        if (answer.error() != null) {
            metrics.called(answer.latencyMs(), 0);
            UpstreamFailure failure = adapter.classifier().classify(answer.error());
            AttemptOutcome outcome = outcomeOf(answer.error());
            failed(work, answer, failure, outcome, outcome == AttemptOutcome.TIMEOUT ? "upstream_timeout" : "upstream_unreachable",
                    failure.reason(), now);
            return;
        }
        metrics.called(answer.latencyMs(), answer.response().status());
        AdapterResult result = adapter.fromUpstream(work.routed, answer.response(), now);
        if (result instanceof AdapterResult.Success success) {
            succeeded(work, answer, success, now);
        } else if (result instanceof AdapterResult.Failure failure) {
            failed(work, answer, failure.failure(), failure.outcome(), failure.errorCode(), endpoint.apiKey().redact(failure.message()), now);
        }
    }

    private void succeeded(Work work, Answer answer, AdapterResult.Success answered, Instant now) {
        AdapterResult.Success success = new AdapterResult.Success(claimCheck.apply(answered.output(), work.requestId()),
                answered.usage(), answered.upstreamRequestId());
        work.attempts.add(attempt(work, answer.startedAtMs(), answer.latencyMs()).setOutcome(AttemptOutcome.SUCCEEDED)
                .setUpstreamStatus(answer.response().status()).build());
        Usage usage = success.usage();
        rateLimit.settle(estimatedTokens(work.routed.getRequest()), usage.getInputTokens() + usage.getOutputTokens());
        // the router priced the reservation from the same catalog; without a price the reservation is the honest upper bound
        long cost = catalog.model(work.routed.getSlug()).map(model -> costOrReservation(model.getPrice(), usage, work))
                .orElse(work.routed.getReservedMicros());
        finish(work, results.succeeded(work, success, cost, now));
    }

    /** Usage too large to price (upstream garbage) costs the reservation: the most the router let the request spend. */
    private static long costOrReservation(io.inferline.avro.Price price, Usage usage, Work work) {
        try {
            return Prices.cost(price, usage);
        } catch (ArithmeticException e) {
            return work.routed.getReservedMicros();
        }
    }

    private void failed(Work work, Answer answer, UpstreamFailure failure, AttemptOutcome outcome, String code, String message, Instant now) {
        rateLimit.settle(estimatedTokens(work.routed.getRequest()), 0);
        work.attempts.add(attempt(work, answer.startedAtMs(), answer.latencyMs()).setOutcome(outcome)
                .setUpstreamStatus(failure.status().orElse(null)).setErrorCode(code).build());
        if (work.firstFailureAt == null) {
            work.firstFailureAt = now;
        }
        var request = work.routed.getRequest();
        FailurePolicy.Decision decision = failures.decide(failure, work.callsOnModel, work.routed.getFallbackChain(),
                Optional.ofNullable(request.getDeadline()), now);
        if (decision instanceof FailurePolicy.Decision.RetryHere retry) {
            metrics.retried();
            work.dueAtMs = now.plus(retry.after()).toEpochMilli();
            queue.schedule(work, now.toEpochMilli());
        } else if (decision instanceof FailurePolicy.Decision.RetryLater later) {
            metrics.retried();
            finish(work, List.of(results.retryLater(work, later.notBefore(), now)));
        } else if (decision instanceof FailurePolicy.Decision.FallBack fallBack) {
            metrics.fellBack();
            finish(work, List.of(results.fallBack(work, fallBack.model(), fallBack.remainingChain(), now)));
        } else if (decision instanceof FailurePolicy.Decision.GiveUp giveUp) {
            ErrorInfo error = error(code, message + " (" + giveUp.why() + ")", failure.kind() != FailureKind.FATAL,
                    failure.status().orElse(null));
            failure.retryAfter().ifPresent(wait -> error.setRetryAfterMs(wait.toMillis()));
            finish(work, results.ended(work, ResponseStatus.FAILED, error, ResultRecords.STAGE_UPSTREAM, now));
            metrics.deadLettered();
        }
    }

    /** A bug or an unforeseen input ends this request as FAILED and dead-lettered; the loop and the partition go on. */
    private void unexpected(Work work, RuntimeException e, Instant now) {
        if (e instanceof AvroSerdeException.RegistryUnavailable || e instanceof AvroSerdeException.RegistryRejected) {
            throw e; // the registry, not the request: the worker goes back to its committed offsets and tries again
        }
        LOG.error("{} worker: request {} failed unexpectedly; dead-lettering it", adapter.provider(), work.requestId(), e);
        if (work.slot.finished()) {
            return;
        }
        ErrorInfo error = error("worker_error", "the worker could not handle this request (" + e.getClass().getSimpleName()
                + "); it is kept in the dead-letter topic for replay", false, null);
        finish(work, results.ended(work, ResponseStatus.FAILED, error, ResultRecords.STAGE_UPSTREAM, now));
        metrics.deadLettered();
    }

    private void finish(Work work, List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records) {
        work.slot.finish(records);
        queue.released(work);
        metrics.requestFinished();
    }

    private Attempt.Builder attempt(Work work, long startedAtMs, long latencyMs) {
        return Attempt.newBuilder().setProvider(adapter.provider()).setModel(work.routed.getModel())
                .setStartedAt(Instant.ofEpochMilli(startedAtMs)).setLatencyMs(latencyMs);
    }

    /** How a call without an HTTP answer is recorded, by the transport error's type. */
    static AttemptOutcome outcomeOf(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.SocketTimeoutException || cause instanceof java.util.concurrent.TimeoutException) {
                return AttemptOutcome.TIMEOUT;
            }
            if (cause instanceof java.net.ConnectException) {
                return AttemptOutcome.CONNECT_ERROR;
            }
        }
        return AttemptOutcome.RETRYABLE_ERROR;
    }

    private static ErrorInfo error(String code, String message, boolean retryable, Integer status) {
        return ErrorInfo.newBuilder().setCode(code).setMessage(message).setRetryable(retryable).setUpstreamStatus(status).build();
    }

    /** A rough token count (4 bytes a token, plus the output bound) to spend from the tokens-per-minute budget before the call. */
    static long estimatedTokens(InferenceRequest request) {
        long chars = request.getInput().getPrompt() == null ? 0 : request.getInput().getPrompt().length();
        for (Message message : request.getInput().getMessages()) {
            chars += message.getContent() == null ? 0 : message.getContent().length();
        }
        for (String text : request.getInput().getTexts()) {
            chars += text.length();
        }
        Integer maxOutput = request.getOptions().getMaxOutputTokens();
        return chars / 4 + 1 + (maxOutput == null ? 0 : maxOutput);
    }

    /** The partitions this instance owns (of all three lanes, so a retry-only owner still gets a share) decide its part of the provider's fleet-wide rate limit. */
    void shareChanged(Collection<TopicPartition> owned, Map<String, Lane> lanes, KafkaConsumer<byte[], byte[]> consumer) {
        int total = 0;
        int mine = 0;
        for (Map.Entry<String, Lane> lane : lanes.entrySet()) {
            total += consumer.partitionsFor(lane.getKey()).size();
            mine += (int) owned.stream().filter(p -> p.topic().equals(lane.getKey())).count();
        }
        rateLimit.share(mine, total);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void close() {
        caller.close();
    }
}
