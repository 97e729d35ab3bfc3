package io.inferline.workers.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.inferline.avro.Attempt;
import io.inferline.avro.AttemptOutcome;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.RequestLogEntry;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UsageEvent;
import io.inferline.schemas.topic.DeadLetterHeaders;
import io.inferline.schemas.topic.TraceHeaders;
import io.inferline.simulators.Faults;
import io.inferline.simulators.SimulatorSettings;
import io.inferline.workers.WorkerApp;
import io.inferline.workers.WorkerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The workers on a real broker and registry, calling the provider simulators over real HTTP. */
class ProviderWorkersIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Map<String, String> CHAT_MODELS = Map.of("openai", "openai/gpt-4o-mini", "anthropic", "anthropic/claude-haiku-4-5",
            "google", "google/gemini-2.5-flash", "workers-ai", "workers-ai/@cf/meta/llama-3.1-8b-instruct");

    private WorkerStack stack;
    private WorkerApp workers;

    @AfterEach
    void stop() {
        if (workers != null) {
            workers.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private void startWorkers(Map<String, Object> overrides, List<String> providers) throws Exception {
        startWorkers(overrides, providers, stack.environment());
    }

    private void startWorkers(Map<String, Object> overrides, List<String> providers, Map<String, String> environment) throws Exception {
        Map<String, Object> config = stack.workerConfig("it-" + System.nanoTime(), providers);
        config.putAll(overrides);
        workers = WorkerApp.start(config, environment);
    }

    private void printWorkers() {
        for (var worker : workers.workers()) {
            System.out.printf("[worker %s] state %s, in flight %.0f, finished %.0f, retries %.0f, dead letters %.0f%n", worker.provider(),
                    worker.state(), worker.metrics().value("in-flight"), worker.metrics().value("requests-total"),
                    worker.metrics().value("retries-total"), worker.metrics().value("dead-letters-total"));
        }
    }

    private static Map<String, InferenceResponse> byRequestId(List<InferenceResponse> responses) {
        return responses.stream().collect(Collectors.toMap(InferenceResponse::getRequestId, Function.identity(), (a, b) -> {
            throw new AssertionError("two responses for request " + a.getRequestId());
        }));
    }

    @Test
    void fiveThousandRequestsWithOneInFiveCallsFailingEachGetExactlyOneResponse() throws Exception {
        stack = new WorkerStack(3, SimulatorSettings.defaults());
        for (String provider : WorkerStack.PROVIDERS) {
            stack.simulator.faults(provider, Faults.none().withLatency(2, 20)
                    .withErrorRate(429, 0.05).withErrorRate(500, 0.05).withErrorRate(503, 0.05)
                    .withErrorRate(provider.equals("anthropic") ? 529 : 502, 0.05).withRetryAfterSeconds(1));
        }
        startWorkers(Map.of(WorkerConfig.RETRY_MAX_ATTEMPTS_CONFIG, "10"), WorkerStack.PROVIDERS);
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            String provider = WorkerStack.PROVIDERS.get(i % 4);
            RoutedRequest request = stack.chat(CHAT_MODELS.get(provider), "question " + i, null);
            sent.add(request.getRequest().getRequestId());
            stack.send(request);
        }
        stack.flush();

        try (TopicReader<InferenceResponse> responses = stack.responses().onTimeout(this::printWorkers); TopicReader<UsageEvent> usage = stack.usage()) {
            responses.awaitAtLeast(5_000, TIMEOUT);
            Map<String, InferenceResponse> answers = byRequestId(responses.drain(Duration.ofSeconds(2)));
            assertThat(answers.keySet()).isEqualTo(sent);
            assertThat(answers.values()).allSatisfy(response -> {
                assertThat(response.getStatus()).isEqualTo(ResponseStatus.SUCCEEDED);
                assertThat(response.getCostMicros()).isPositive();
                List<Attempt> attempts = response.getAttempts();
                assertThat(attempts.get(attempts.size() - 1).getOutcome()).isEqualTo(AttemptOutcome.SUCCEEDED);
                assertThat(attempts.subList(0, attempts.size() - 1)).allSatisfy(failed -> {
                    if (failed.getUpstreamStatus() != null) {
                        assertThat(failed.getOutcome()).isIn(AttemptOutcome.RETRYABLE_ERROR, AttemptOutcome.RATE_LIMITED);
                        assertThat(failed.getUpstreamStatus()).isIn(429, 500, 502, 503, 529);
                    } else { // the connection failed (e.g. closed by the server while idle): retried just the same
                        assertThat(failed.getOutcome()).isIn(AttemptOutcome.RETRYABLE_ERROR, AttemptOutcome.CONNECT_ERROR, AttemptOutcome.TIMEOUT);
                    }
                });
            });
            long retried = answers.values().stream().filter(r -> r.getAttempts().size() > 1).count();
            long withoutAnswer = answers.values().stream().flatMap(r -> r.getAttempts().stream()).filter(a -> a.getUpstreamStatus() == null).count();
            System.out.printf("[faults] 5000 requests: %d retried, %d calls in all, %d of them without an HTTP answer%n", retried,
                    answers.values().stream().mapToLong(r -> r.getAttempts().size()).sum(), withoutAnswer);
            assertThat(retried).as("about one in five requests meets a fault").isBetween(600L, 1_600L);

            List<UsageEvent> events = usage.awaitAtLeast(5_000, TIMEOUT);
            assertThat(usage.drain(Duration.ofSeconds(1))).hasSize(5_000);
            assertThat(events.stream().map(UsageEvent::getRequestId).collect(Collectors.toSet())).isEqualTo(sent);
            assertThat(events).allSatisfy(event -> assertThat(event.getCostMicros()).isEqualTo(answers.get(event.getRequestId()).getCostMicros()));
            double retries = workers.workers().stream().mapToDouble(worker -> worker.metrics().value("retries-total")).sum();
            double finished = workers.workers().stream().mapToDouble(worker -> worker.metrics().value("requests-total")).sum();
            // metrics count work done, which a rewind (e.g. after a failed transaction) can do twice; responses never repeat
            assertThat(retries).isGreaterThanOrEqualTo(answers.values().stream().mapToLong(r -> r.getAttempts().size() - 1).sum());
            assertThat(finished).isGreaterThanOrEqualTo(5_000);
        }
    }

    @Test
    void requestsToAProviderThatIsDownFallBackToTheNextModelAndSaySo() throws Exception {
        stack = new WorkerStack(2, SimulatorSettings.defaults());
        stack.simulator.faults("anthropic", "claude-haiku-4-5", Faults.down(503));
        startWorkers(Map.of(WorkerConfig.RETRY_MAX_ATTEMPTS_CONFIG, "2"), List.of("anthropic", "openai"));
        assertThat(stack.model("anthropic/claude-haiku-4-5").getFallbacks()).startsWith("openai/gpt-4o-mini");
        for (int i = 0; i < 50; i++) {
            stack.send(stack.chat("anthropic/claude-haiku-4-5", "falling back " + i, null));
        }
        stack.flush();

        try (TopicReader<InferenceResponse> responses = stack.responses()) {
            List<InferenceResponse> answers = responses.awaitAtLeast(50, TIMEOUT);
            assertThat(byRequestId(responses.drain(Duration.ofSeconds(1)))).hasSize(50);
            assertThat(answers).allSatisfy(response -> {
                assertThat(response.getStatus()).isEqualTo(ResponseStatus.SUCCEEDED);
                assertThat(response.getSlug()).isEqualTo("openai/gpt-4o-mini");
                assertThat(response.getRequestedModel()).isEqualTo("anthropic/claude-haiku-4-5");
                assertThat(response.getAttempts()).extracting(Attempt::getProvider, Attempt::getUpstreamStatus)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("anthropic", 503), org.assertj.core.groups.Tuple.tuple("anthropic", 503),
                                org.assertj.core.groups.Tuple.tuple("openai", 200));
            });
        }
    }

    @Test
    void aLongRetryAfterWaitsInTheRetryTopicAndPayloadLoggingCanBeTurnedOff() throws Exception {
        stack = new WorkerStack(2, SimulatorSettings.defaults());
        stack.simulator.faults("openai", "gpt-4o-mini", Faults.down(429).withRetryAfterSeconds(3));
        startWorkers(Map.of(), List.of("openai"));
        Set<String> quiet = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            RoutedRequest request = stack.chat("openai/gpt-4o-mini", "rate limited " + i, null);
            if (i % 2 == 0) {
                request.getRequest().getLogging().setLogPayload(false);
                quiet.add(request.getRequest().getRequestId());
            }
            stack.send(request);
        }
        stack.flush();

        try (TopicReader<RoutedRequest> retries = new TopicReader<>(stack.kafka, stack.topics.providerRetry("openai"), stack.clientConfig);
             TopicReader<InferenceResponse> responses = stack.responses();
             TopicReader<RequestLogEntry> log = new TopicReader<>(stack.kafka, stack.topics.requestLog(), stack.clientConfig)) {
            assertThat(retries.awaitAtLeast(10, TIMEOUT)).allSatisfy(retry -> {
                assertThat(retry.getAttempt()).isEqualTo(2);
                assertThat(retry.getAttempts()).extracting(Attempt::getUpstreamStatus).containsExactly(429);
                assertThat(retry.getNotBefore()).isAfterOrEqualTo(retry.getAttempts().get(0).getStartedAt().plusSeconds(3));
            });
            stack.simulator.faults("openai", "gpt-4o-mini", null);

            List<InferenceResponse> answers = responses.awaitAtLeast(10, TIMEOUT);
            assertThat(answers).allSatisfy(response -> {
                assertThat(response.getStatus()).isEqualTo(ResponseStatus.SUCCEEDED);
                assertThat(response.getAttempts()).extracting(Attempt::getOutcome)
                        .containsExactly(AttemptOutcome.RATE_LIMITED, AttemptOutcome.SUCCEEDED);
                assertThat(response.getAttempts().get(1).getStartedAt())
                        .isAfterOrEqualTo(response.getAttempts().get(0).getStartedAt().plusSeconds(3));
            });
            assertThat(log.awaitAtLeast(10, TIMEOUT)).allSatisfy(entry -> {
                boolean logged = !quiet.contains(entry.getRequestId());
                assertThat(entry.getPayloadLogged()).isEqualTo(logged);
                assertThat(entry.getRequestPayload() != null).isEqualTo(logged);
                assertThat(entry.getResponsePayload() != null).isEqualTo(logged);
                assertThat(entry.getAttempts()).hasSize(2);
            });
        }
    }

    @Test
    void aBadRequestIsNotRetriedAndEndsFailedWithADeadLetter() throws Exception {
        stack = new WorkerStack(2, SimulatorSettings.defaults());
        stack.simulator.faults("openai", "gpt-4o", Faults.none().withErrorRate(400, 1.0));
        startWorkers(Map.of(), List.of("openai"));
        for (int i = 0; i < 20; i++) {
            stack.send(stack.chat("openai/gpt-4o", "refused " + i, null));
        }
        stack.flush();

        try (TopicReader<InferenceResponse> responses = stack.responses(); TopicReader<byte[]> dlq = stack.deadLetters("openai");
             TopicReader<UsageEvent> usage = stack.usage()) {
            List<InferenceResponse> answers = responses.awaitAtLeast(20, TIMEOUT);
            assertThat(answers).allSatisfy(response -> {
                assertThat(response.getStatus()).isEqualTo(ResponseStatus.FAILED);
                assertThat(response.getError().getUpstreamStatus()).isEqualTo(400);
                assertThat(response.getError().getRetryable()).isFalse();
                assertThat(response.getAttempts()).hasSize(1);
            });
            assertThat(stack.simulator.stats("openai").requests()).isEqualTo(20);
            dlq.awaitAtLeast(20, TIMEOUT);
            assertThat(dlq.rawRecords()).allSatisfy(record -> assertThat(header(record, DeadLetterHeaders.STAGE)).isEqualTo("upstream"));
            assertThat(workers.workers().get(0).metrics().value("dead-letters-total")).isEqualTo(20);
            assertThat(workers.workers().get(0).metrics().value("upstream-status-400-total")).isEqualTo(20);
            assertThat(usage.awaitAtLeast(20, TIMEOUT)).allSatisfy(event -> {
                assertThat(event.getCostMicros()).isZero();
                assertThat(event.getReservedMicros()).as("the reservation is released").isEqualTo(50_000);
            });
        }
    }

    @Test
    void garbageOnAProviderTopicIsDeadLetteredAndThePartitionKeepsFlowing() throws Exception {
        stack = new WorkerStack(1, SimulatorSettings.defaults());
        startWorkers(Map.of(), List.of("openai"));
        String topic = stack.topics.providerRequests("openai").name();
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        byte[] unknownSchema = {0, 0, 0, 0x7f, 0x7f, 1, 2, 3};
        stack.sendRaw(topic, 0, "k1".getBytes(StandardCharsets.UTF_8), garbage,
                Map.of(TraceHeaders.REQUEST_ID, "garbage-1", TraceHeaders.ACCOUNT_ID, "acct-g"));
        stack.sendRaw(topic, 0, "k2".getBytes(StandardCharsets.UTF_8), unknownSchema, Map.of());
        RoutedRequest fine = stack.chat("openai/gpt-4o-mini", "after the garbage", null);
        stack.sendRaw(topic, 0, fine.getRequest().getRequestId().getBytes(StandardCharsets.UTF_8), stack.serialized(fine), Map.of());

        try (TopicReader<InferenceResponse> responses = stack.responses(); TopicReader<byte[]> dlq = stack.deadLetters("openai")) {
            Map<String, InferenceResponse> answers = byRequestId(responses.awaitAtLeast(2, TIMEOUT));
            assertThat(answers.get(fine.getRequest().getRequestId()).getStatus()).isEqualTo(ResponseStatus.SUCCEEDED);
            InferenceResponse failed = answers.get("garbage-1");
            assertThat(failed.getStatus()).isEqualTo(ResponseStatus.FAILED);
            assertThat(failed.getError().getMessage()).contains("could not be read").contains(stack.topics.providerDlq("openai").name());

            dlq.awaitAtLeast(2, TIMEOUT);
            List<ConsumerRecord<byte[], byte[]>> letters = dlq.rawRecords();
            assertThat(letters).extracting(ConsumerRecord::value).containsExactly(garbage, unknownSchema);
            for (ConsumerRecord<byte[], byte[]> letter : letters) {
                for (String name : DeadLetterHeaders.ALL) {
                    assertThat(header(letter, name)).as(name).isNotBlank();
                }
                assertThat(header(letter, DeadLetterHeaders.STAGE)).isEqualTo("decode");
                assertThat(header(letter, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(topic);
            }
            assertThat(header(letters.get(0), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
            assertThat(header(letters.get(1), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
            assertThat(header(letters.get(1), DeadLetterHeaders.ERROR_CLASS)).contains("UnknownSchemaId");
        }
    }

    @Test
    void aRejectedKeyNeverReachesATopicOrALogLine() throws Exception {
        stack = new WorkerStack(1, SimulatorSettings.defaults());
        String wrongKey = "sk-wrong-" + System.nanoTime();
        Map<String, String> environment = new HashMap<>(stack.environment());
        environment.put("OPENAI_API_KEY", wrongKey);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        try {
            startWorkers(Map.of(), List.of("openai"), environment);
            RoutedRequest request = stack.chat("openai/gpt-4o-mini", "with a wrong key", null);
            stack.send(request);
            stack.flush();

            try (TopicReader<InferenceResponse> responses = stack.responses(); TopicReader<byte[]> dlq = stack.deadLetters("openai");
                 TopicReader<RequestLogEntry> log = new TopicReader<>(stack.kafka, stack.topics.requestLog(), stack.clientConfig)) {
                InferenceResponse response = responses.awaitAtLeast(1, TIMEOUT).get(0);
                assertThat(response.getStatus()).isEqualTo(ResponseStatus.FAILED);
                assertThat(response.getError().getUpstreamStatus()).isEqualTo(401);
                List<String> everything = new ArrayList<>();
                everything.add(response.toString());
                everything.add(log.awaitAtLeast(1, TIMEOUT).toString());
                for (ConsumerRecord<byte[], byte[]> letter : dlq.awaitAtLeast(1, TIMEOUT).isEmpty() ? List.<ConsumerRecord<byte[], byte[]>>of() : dlq.rawRecords()) {
                    for (Header header : letter.headers()) {
                        everything.add(new String(header.value(), StandardCharsets.UTF_8));
                    }
                }
                logs.list.forEach(event -> everything.add(event.getFormattedMessage() + event.getThrowableProxy()));
                assertThat(everything).isNotEmpty().noneMatch(text -> text.contains(wrongKey));
            }
        } finally {
            root.detachAppender(logs);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
