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
import io.inferline.workers.provider.task.TaskAdapter;
import io.inferline.workers.provider.task.TaskStep;
import io.inferline.avro.TaskState;
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
    private final TaskProgress tasks;

    RequestCalls(ProviderAdapter adapter, ProviderEndpoint endpoint, CatalogView catalog, FailurePolicy failures, ResultRecords results,
                 WorkQueue queue, WorkerMetrics metrics, ProviderRateLimit rateLimit, UpstreamCaller caller, Duration responseTimeout,
                 Consumer<Answer> answered, io.inferline.workers.blob.ClaimCheck claimCheck, TaskProgress tasks) {
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
        this.tasks = tasks;
    }

    /** Starts calls while the queue has ready work and a free slot, and the provider's rate limit allows. */
    void start(long nowMs) {
        Work work;
        while ((work = queue.next(nowMs)) != null) {
            if (!rateLimit.tryAcquire(tokensOf(work), nowMs)) {
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
        if (work.task != null) {
            return callForTask(work, nowMs);
        }
        Instant now = Instant.ofEpochMilli(nowMs);
        Instant deadline = work.routed.getRequest().getDeadline();
        if (deadline != null && !now.isBefore(deadline)) {
            rateLimit.settle(tokensOf(work), 0);
            finish(work, results.ended(work, ResponseStatus.EXPIRED, error("deadline_exceeded",
                    "the request's deadline " + deadline + " passed before " + adapter.provider() + " could answer it", false, null),
                    ResultRecords.STAGE_UPSTREAM, now));
            return false;
        }
        UpstreamRequest request;
        try {
            request = adapter.toUpstream(work.routed, endpoint);
        } catch (RuntimeException e) {
            rateLimit.settle(tokensOf(work), 0);
            work.attempts.add(attempt(work, nowMs, 0).setOutcome(AttemptOutcome.FATAL_ERROR).setErrorCode("unsupported_request").build());
            finish(work, results.ended(work, ResponseStatus.FAILED, error("unsupported_request", endpoint.apiKey().redact(e.getMessage()), false, null),
                    ResultRecords.STAGE_TRANSLATE, now));
            metrics.deadLettered();
            return false;
        }
        send(work, request, deadline == null ? responseTimeout : min(responseTimeout, Duration.between(now, deadline)), nowMs);
        return true;
    }

    /** Polls the task, or cancels it when its deadline passed (answering at once where the provider cannot cancel). */
    private boolean callForTask(Work work, long nowMs) {
        Instant now = Instant.ofEpochMilli(nowMs);
        TaskAdapter taskAdapter = (TaskAdapter) adapter;
        var handle = TaskProgress.handle(work.task);
        if (TaskProgress.overdue(work.task, now)) {
            Optional<UpstreamRequest> cancel = taskAdapter.cancel(work.routed, handle, endpoint);
            if (cancel.isEmpty()) {
                endTask(work, TaskState.EXPIRED, work.task.getProviderStatus(), ResponseStatus.EXPIRED, expired(work, "; "
                        + adapter.provider() + " cannot cancel it, so it may still finish upstream"), List.of(), now);
                return false;
            }
            work.cancelling = true;
            send(work, cancel.get(), responseTimeout, nowMs);
            return true;
        }
        metrics.taskPolled();
        send(work, taskAdapter.poll(work.routed, handle, endpoint), responseTimeout, nowMs);
        return true;
    }

    private void send(Work work, UpstreamRequest request, Duration timeout, long nowMs) {
        long startedNanos = System.nanoTime();
        caller.call(request, timeout).whenComplete((response, error) ->
                answered.accept(new Answer(work, response, error, nowMs, (System.nanoTime() - startedNanos) / 1_000_000)));
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
            if (work.task == null) {
                work.callsOnModel++;
            }
            try {
                handle(answer, Instant.ofEpochMilli(nowMs));
            } catch (RuntimeException e) {
                unexpected(work, e, Instant.ofEpochMilli(nowMs));
            }
        }
    }

    private void handle(Answer answer, Instant now) {
        Work work = answer.work();
        if (work.task != null) {
            taskStepAnswered(work, answer, now);
            return;
        }
        if (answer.error() != null) {
            metrics.called(answer.latencyMs(), 0);
            UpstreamFailure failure = adapter.classifier().classify(answer.error());
            AttemptOutcome outcome = outcomeOf(answer.error());
            failed(work, answer, failure, outcome, outcome == AttemptOutcome.TIMEOUT ? "upstream_timeout" : "upstream_unreachable",
                    failure.reason(), now);
            return;
        }
        metrics.called(answer.latencyMs(), answer.response().status());
        if (adapter instanceof TaskAdapter taskAdapter && taskAdapter.runsAsTask(work.routed)) {
            createAnswered(work, answer, taskAdapter.created(work.routed, answer.response(), now), now);
            return;
        }
        AdapterResult result = adapter.fromUpstream(work.routed, answer.response(), now);
        if (result instanceof AdapterResult.Success success) {
            succeeded(work, answer, success, now);
        } else if (result instanceof AdapterResult.Failure failure) {
            failed(work, answer, failure.failure(), failure.outcome(), failure.errorCode(), endpoint.apiKey().redact(failure.message()), now);
        }
    }

    private void succeeded(Work work, Answer answer, AdapterResult.Success answered, Instant now) {
        work.attempts.add(attempt(work, answer.startedAtMs(), answer.latencyMs()).setOutcome(AttemptOutcome.SUCCEEDED)
                .setUpstreamStatus(answer.response().status()).build());
        Usage usage = answered.usage();
        rateLimit.settle(tokensOf(work), usage.getInputTokens() + usage.getOutputTokens());
        finish(work, answerRecords(work, answered, now).records());
    }

    private record Answered(AdapterResult.Success success, List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records) {
    }

    /** The response, usage event and log entry of a success, its binaries claim-checked and its cost from the catalog. */
    private Answered answerRecords(Work work, AdapterResult.Success answered, Instant now) {
        AdapterResult.Success success = new AdapterResult.Success(claimCheck.apply(answered.output(), work.requestId()),
                answered.usage(), answered.upstreamRequestId());
        // the router priced the reservation from the same catalog; without a price the reservation is the honest upper bound
        long cost = catalog.model(work.routed.getSlug()).map(model -> costOrReservation(model.getPrice(), success.usage(), work))
                .orElse(work.routed.getReservedMicros());
        return new Answered(success, results.succeeded(work, success, cost, now));
    }

    /** The create call answered: the task is recorded (and so never created again), or the call failed like any other. */
    private void createAnswered(Work work, Answer answer, TaskStep step, Instant now) {
        if (step instanceof TaskStep.Running running) {
            work.attempts.add(attempt(work, answer.startedAtMs(), answer.latencyMs()).setOutcome(AttemptOutcome.SUCCEEDED)
                    .setUpstreamStatus(answer.response().status()).build());
            rateLimit.settle(tokensOf(work), 0);
            metrics.taskCreated();
            finishStep(work, List.of(results.task(work, tasks.started(work, running, now))));
        } else if (step instanceof TaskStep.Succeeded succeeded) {
            succeeded(work, answer, succeeded.result(), now);
        } else if (step instanceof TaskStep.Ended ended) {
            rateLimit.settle(tokensOf(work), 0);
            work.attempts.add(attempt(work, answer.startedAtMs(), answer.latencyMs()).setOutcome(AttemptOutcome.FATAL_ERROR)
                    .setUpstreamStatus(answer.response().status()).setErrorCode(ended.error().getCode()).build());
            finish(work, results.ended(work, responseStatus(ended.state()), ended.error(), ResultRecords.STAGE_UPSTREAM, now));
            countDeadLetter(ended.state());
        } else if (step instanceof TaskStep.CallFailed failed) {
            AdapterResult.Failure failure = failed.failure();
            failed(work, answer, failure.failure(), failure.outcome(), failure.errorCode(), endpoint.apiKey().redact(failure.message()), now);
        }
    }

    /** A status or cancel call of a task answered: the task's next record, or the request's answer and the task's last record. */
    private void taskStepAnswered(Work work, Answer answer, Instant now) {
        metrics.called(answer.latencyMs(), answer.response() == null ? 0 : answer.response().status());
        if (work.cancelling) {
            metrics.taskCancelled();
            String how = answer.response() == null ? "the cancel call got no answer" : "cancelled upstream (HTTP " + answer.response().status() + ")";
            endTask(work, TaskState.EXPIRED, work.task.getProviderStatus(), ResponseStatus.EXPIRED, expired(work, "; " + how), List.of(), now);
            return;
        }
        TaskStep step = answer.error() != null
                ? new TaskStep.CallFailed(transportFailure(answer.error()))
                : ((TaskAdapter) adapter).polled(work.routed, TaskProgress.handle(work.task), answer.response(), now);
        if (step instanceof TaskStep.Running running) {
            finishStep(work, List.of(results.task(work, tasks.stillRunning(work, running, now))));
        } else if (step instanceof TaskStep.Succeeded succeeded) {
            Answered done = answerRecords(work, succeeded.result(), now);
            List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>(done.records());
            records.add(results.task(work, tasks.ended(work, TaskState.SUCCEEDED, succeeded.providerStatus(),
                    references(done.success().output().getBinaries()), null, now)));
            finish(work, records);
        } else if (step instanceof TaskStep.Ended ended) {
            endTask(work, ended.state(), ended.providerStatus(), responseStatus(ended.state()), ended.error(), List.of(), now);
        } else if (step instanceof TaskStep.CallFailed failed) {
            AdapterResult.Failure failure = failed.failure();
            Optional<io.inferline.avro.ProviderTaskState> next = failure.failure().retryable() ? tasks.pollFailed(work, now) : Optional.empty();
            if (next.isPresent()) {
                finishStep(work, List.of(results.task(work, next.get())));
            } else {
                ErrorInfo error = error(failure.errorCode(), "polling the " + adapter.provider() + " task " + work.task.getProviderTaskId()
                        + " failed: " + endpoint.apiKey().redact(failure.message()) + " (" + (work.task.getPollErrors() + 1)
                        + " failed status queries in a row)", false, failure.failure().status().orElse(null));
                endTask(work, TaskState.FAILED, work.task.getProviderStatus(), ResponseStatus.FAILED, error, List.of(), now);
            }
        }
    }

    /** The request's answer (FAILED, CANCELLED or EXPIRED) and the task's last record, together. */
    private void endTask(Work work, TaskState state, String providerStatus, ResponseStatus status, ErrorInfo error,
                         List<io.inferline.avro.BinaryRef> outputs, Instant now) {
        List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>(
                results.ended(work, status, error, ResultRecords.STAGE_UPSTREAM, now));
        records.add(results.task(work, tasks.ended(work, state, providerStatus, outputs, error, now)));
        finish(work, records);
        countDeadLetter(state);
    }

    private ErrorInfo expired(Work work, String what) {
        return error("deadline_exceeded", "the " + adapter.provider() + " task " + work.task.getProviderTaskId()
                + " had not ended by its deadline " + work.task.getDeadline() + what, false, null);
    }

    private void countDeadLetter(TaskState state) {
        if (state == TaskState.FAILED) {
            metrics.deadLettered();
        }
    }

    private static ResponseStatus responseStatus(TaskState state) {
        return switch (state) {
            case CANCELLED -> ResponseStatus.CANCELLED;
            case EXPIRED -> ResponseStatus.EXPIRED;
            default -> ResponseStatus.FAILED;
        };
    }

    /** Output references for the task's last record: where the results are, never their bytes. */
    private static List<io.inferline.avro.BinaryRef> references(List<io.inferline.avro.BinaryRef> binaries) {
        return binaries.stream().map(binary -> io.inferline.avro.BinaryRef.newBuilder(binary).setInlineData(null).build()).toList();
    }

    private AdapterResult.Failure transportFailure(Throwable error) {
        UpstreamFailure failure = adapter.classifier().classify(error);
        AttemptOutcome outcome = outcomeOf(error);
        return new AdapterResult.Failure(failure, outcome, outcome == AttemptOutcome.TIMEOUT ? "upstream_timeout" : "upstream_unreachable",
                failure.reason(), Optional.empty());
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
        rateLimit.settle(tokensOf(work), 0);
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

    /** The request is answered (or moved on: retry topic, fallback): its records go out with its offset. */
    private void finish(Work work, List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records) {
        finishStep(work, records);
        metrics.requestFinished();
    }

    /** This record is done, the request goes on (a task's next step): its records go out with its offset. */
    private void finishStep(Work work, List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records) {
        work.slot.finish(records);
        queue.released(work);
    }

    /** Status queries of tasks spend a request from the provider's budget, no tokens. */
    private static long tokensOf(Work work) {
        return work.task != null ? 0 : estimatedTokens(work.routed.getRequest());
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
