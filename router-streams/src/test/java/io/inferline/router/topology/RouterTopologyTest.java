package io.inferline.router.topology;

import static io.inferline.router.topology.RouterFixture.CREDIT;
import static io.inferline.router.topology.RouterFixture.START;
import static io.inferline.router.topology.RouterFixture.chat;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.AccountProfile;
import io.inferline.avro.BatchJob;
import io.inferline.avro.CachedResponse;
import io.inferline.avro.CacheOptions;
import io.inferline.avro.Capability;
import io.inferline.avro.CatalogEntry;
import io.inferline.avro.CreditBalance;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.Input;
import io.inferline.avro.JobState;
import io.inferline.avro.Output;
import io.inferline.avro.ProviderSpec;
import io.inferline.avro.RateLimit;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UsageEvent;
import io.inferline.router.cache.CacheKey;
import io.inferline.router.resolve.ErrorCodes;
import io.inferline.schemas.topic.TraceHeaders;
import io.inferline.schemas.topic.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterTopologyTest {

    private final RouterFixture router = new RouterFixture();

    @AfterEach
    void close() {
        router.close();
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private InferenceResponse onlyResponse() {
        List<InferenceResponse> all = router.allResponses();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void aCanonicalSlugIsRoutedToItsProviderWithAReservationAndTracingHeaders() {
        router.grant("acct", 10 * CREDIT);
        InferenceRequest request = chat("acct", "anthropic/claude-opus-4-6", "hello").build();

        router.send(request);

        TestRecord<String, RoutedRequest> routed = router.routed("provider-requests-anthropic").readRecord();
        assertThat(routed.key()).isEqualTo(request.getRequestId());
        assertThat(routed.value().getSlug()).isEqualTo("anthropic/claude-opus-4-6");
        assertThat(routed.value().getModel()).isEqualTo("claude-opus-4-6");
        assertThat(routed.value().getRequest()).isEqualTo(request);
        assertThat(routed.value().getFallbackChain()).containsExactly("anthropic/claude-sonnet-4-5");
        assertThat(header(routed.headers(), TraceHeaders.REQUEST_ID)).isEqualTo(request.getRequestId());
        assertThat(header(routed.headers(), TraceHeaders.ACCOUNT_ID)).isEqualTo("acct");
        var reservation = router.reservations.readValue();
        assertThat(reservation.getAmountMicros()).isEqualTo(routed.value().getReservedMicros()).isPositive();
        assertThat(reservation.getSeq()).isEqualTo(1);
        assertThat(router.responses.isEmpty()).isTrue();
    }

    @Test
    void anAccountThatKeepsPayloadsOutOfLogsDecidesForRequestsThatDoNotSay() {
        router.grant("acct", 10 * CREDIT);
        router.profile(AccountProfile.newBuilder().setAccountId("acct").setLogPayloads(false).setUpdatedAt(START).build());

        router.send(chat("acct", "openai/gpt-4o-mini", "secret").build());
        InferenceRequest saysYes = chat("acct", "openai/gpt-4o-mini", "fine").build();
        saysYes.getLogging().setLogPayload(true);
        router.send(saysYes);

        var routed = router.routed("provider-requests-openai").readValuesToList();
        assertThat(routed).extracting(r -> r.getRequest().getLogging().getLogPayload()).containsExactly(false, true);
    }

    @Test
    void anAliasIsRoutedUnderItsCanonicalSlug() {
        router.grant("acct", 10 * CREDIT);

        router.send(chat("acct", "claude-opus", "hello").build());

        assertThat(router.routed("provider-requests-anthropic").readValue().getSlug()).isEqualTo("anthropic/claude-opus-4-6");
    }

    @Test
    void aRequestWithoutModelUsesTheGatewayDefaultForANewAccount() {
        router.grant("new-account", 10 * CREDIT);

        router.send(chat("new-account", null, "hello").build());

        assertThat(router.routed("provider-requests-workers-ai").readValue().getSlug())
                .isEqualTo("workers-ai/@cf/meta/llama-3.1-8b-instruct");
    }

    @Test
    void batchRequestsTakeTheBatchLane() {
        router.grant("acct", 10 * CREDIT);

        router.send(chat("acct", "openai/gpt-4o-mini", "hello").setJobId("job-1").setCustomId("line-1").build());

        TestRecord<String, RoutedRequest> routed = router.routed("provider-requests-openai-batch").readRecord();
        assertThat(routed.value().getRequest().getCustomId()).isEqualTo("line-1");
        assertThat(header(routed.headers(), TraceHeaders.JOB_ID)).isEqualTo("job-1");
        assertThat(router.routed("provider-requests-openai").isEmpty()).isTrue();
    }

    @Test
    void unknownProviderUnknownModelAndCapabilityMismatchAreAnsweredWithStableCodes() {
        router.grant("acct", 10 * CREDIT);
        InferenceRequest unknownProvider = chat("acct", "antropic/claude-opus-4-6", "x").build();
        InferenceRequest unknownModel = chat("acct", "openai/gpt-4o-mimi", "x").build();
        InferenceRequest mismatch = chat("acct", "recraft/recraftv3", "x").build();

        router.send(unknownProvider);
        router.send(unknownModel);
        router.send(mismatch);

        Map<String, InferenceResponse> answers = router.responsesById();
        assertThat(answers.get(unknownProvider.getRequestId()).getError().getCode()).isEqualTo(ErrorCodes.UNKNOWN_PROVIDER);
        assertThat(answers.get(unknownProvider.getRequestId()).getError().getMessage()).contains("anthropic");
        assertThat(answers.get(unknownModel.getRequestId()).getError().getCode()).isEqualTo(ErrorCodes.UNKNOWN_MODEL);
        assertThat(answers.get(unknownModel.getRequestId()).getError().getMessage()).contains("openai/gpt-4o-mini");
        assertThat(answers.get(mismatch.getRequestId()).getError().getCode()).isEqualTo(ErrorCodes.CAPABILITY_MISMATCH);
        assertThat(answers.values()).extracting(InferenceResponse::getStatus).containsOnly(ResponseStatus.REJECTED);
        assertThat(router.reservations.isEmpty()).isTrue();
        // every refusal is the request's one charge, of nothing, under what it asked for: billing counts each request once
        Map<String, UsageEvent> usage = router.usage.readValuesToList().stream()
                .collect(java.util.stream.Collectors.toMap(UsageEvent::getRequestId, e -> e));
        assertThat(usage).hasSize(3);
        assertThat(usage.values()).allSatisfy(event -> {
            assertThat(event.getCostMicros()).isZero();
            assertThat(event.getReservedMicros()).isZero();
            assertThat(event.getStatus()).isEqualTo(ResponseStatus.REJECTED);
        });
        assertThat(usage.get(unknownModel.getRequestId())).satisfies(event -> {
            assertThat(event.getErrorCode()).isEqualTo(ErrorCodes.UNKNOWN_MODEL);
            assertThat(event.getProvider()).isEqualTo("openai");
            assertThat(event.getSlug()).isEqualTo("openai/gpt-4o-mimi");
        });
    }

    @Test
    void disablingAProviderInTheCatalogTopicAppliesWithoutARestart() {
        router.grant("acct", 10 * CREDIT);
        router.send(chat("acct", "mistral-small", "x").build());
        assertThat(router.routed("provider-requests-mistral").readValuesToList()).hasSize(1);

        router.catalogEntry("provider:mistral", CatalogEntry.newBuilder().setProvider(ProviderSpec.newBuilder()
                .setId("mistral").setName("Mistral AI").setEnabled(false).build()).setUpdatedAt(START).build());
        router.send(chat("acct", "mistral-small", "x").build());

        assertThat(onlyResponse().getError().getCode()).isEqualTo(ErrorCodes.PROVIDER_DISABLED);
    }

    @Test
    void aRequestThatCouldOverspendIsRefused() {
        router.grant("acct", 1_000);   // a thousandth of a credit

        router.send(chat("acct", "anthropic/claude-opus-4-6", "hello").build());

        InferenceResponse response = onlyResponse();
        assertThat(response.getStatus()).isEqualTo(ResponseStatus.INSUFFICIENT_CREDITS);
        assertThat(response.getError().getMessage()).contains("available").contains("0.001");
        assertThat(router.routed("provider-requests-anthropic").isEmpty()).isTrue();
        UsageEvent usage = router.usage.readValue();
        assertThat(usage.getStatus()).isEqualTo(ResponseStatus.INSUFFICIENT_CREDITS);
        assertThat(usage.getSlug()).isEqualTo("anthropic/claude-opus-4-6");
        assertThat(usage.getCostMicros()).isZero();
    }

    @Test
    void anAccountWithoutBalanceCannotSpend() {
        router.send(chat("nobody", "openai/gpt-4o-mini", "hello").build());

        assertThat(onlyResponse().getStatus()).isEqualTo(ResponseStatus.INSUFFICIENT_CREDITS);
    }

    @Test
    void manyRequestsOfOneAccountNeverReserveMoreThanItsBalance() {
        long balance = 2 * CREDIT;
        router.grant("acct", balance);
        for (int i = 0; i < 200; i++) {
            router.send(chat("acct", "openai/gpt-4o", "question " + i).setOptions(
                    io.inferline.avro.GenerationOptions.newBuilder().setMaxOutputTokens(2_000).build()).build());
        }

        List<RoutedRequest> routed = router.routed("provider-requests-openai").readValuesToList();
        long reserved = routed.stream().mapToLong(RoutedRequest::getReservedMicros).sum();
        long perRequest = routed.get(0).getReservedMicros();
        assertThat(reserved).isLessThanOrEqualTo(balance);
        assertThat(routed).hasSize((int) (balance / perRequest));
        assertThat(router.allResponses()).hasSize(200 - routed.size())
                .extracting(InferenceResponse::getStatus).containsOnly(ResponseStatus.INSUFFICIENT_CREDITS);
    }

    @Test
    void aRequestThatWouldPassTheDailySpendLimitIsRefusedUntilTheDayStartsOver() {
        router.profile(AccountProfile.newBuilder().setAccountId("acct").setDailySpendLimitMicros(CREDIT).setUpdatedAt(START).build());
        // billing counted 0.9 credits charged today; the account itself has plenty
        router.balance(CreditBalance.newBuilder().setAccountId("acct").setBalanceMicros(100 * CREDIT)
                .setDayStart(java.time.Instant.parse("2026-11-25T00:00:00Z")).setDaySpentMicros(900_000)
                .setMonthStart(java.time.Instant.parse("2026-11-01T00:00:00Z")).setMonthSpentMicros(900_000)
                .setUpdatedAt(START).build());
        InferenceRequest request = chat("acct", "openai/gpt-4o", "a long answer please")
                .setOptions(io.inferline.avro.GenerationOptions.newBuilder().setMaxOutputTokens(20_000).build()).build();

        router.send(request);

        InferenceResponse refused = onlyResponse();
        assertThat(refused.getStatus()).isEqualTo(ResponseStatus.INSUFFICIENT_CREDITS);
        assertThat(refused.getError().getCode()).isEqualTo(ErrorCodes.SPEND_LIMIT_EXCEEDED);
        assertThat(refused.getError().getMessage()).contains("daily spend limit of 1 credits").contains("2026-11-26T00:00:00Z");
        assertThat(refused.getError().getRetryAfterMs()).isEqualTo(Duration.ofHours(14).toMillis());
        assertThat(router.reservations.isEmpty()).isTrue();

        // the same spend counted for yesterday: today starts from zero
        router.balance(CreditBalance.newBuilder().setAccountId("acct").setBalanceMicros(100 * CREDIT)
                .setDayStart(java.time.Instant.parse("2026-11-24T00:00:00Z")).setDaySpentMicros(900_000)
                .setUpdatedAt(START).build());
        router.send(chat("acct", "openai/gpt-4o", "a long answer please")
                .setOptions(io.inferline.avro.GenerationOptions.newBuilder().setMaxOutputTokens(20_000).build()).build());

        assertThat(router.routed("provider-requests-openai").readValue().getSlug()).isEqualTo("openai/gpt-4o");
    }

    @Test
    void reservationsNotChargedYetCountTowardTheSpendLimit() {
        router.profile(AccountProfile.newBuilder().setAccountId("acct").setDailySpendLimitMicros(CREDIT).setUpdatedAt(START).build());
        router.grant("acct", 100 * CREDIT);
        for (int i = 0; i < 100; i++) {
            router.send(chat("acct", "openai/gpt-4o", "question " + i).setOptions(
                    io.inferline.avro.GenerationOptions.newBuilder().setMaxOutputTokens(2_000).build()).build());
        }
        List<RoutedRequest> routed = router.routed("provider-requests-openai").readValuesToList();
        long reserved = routed.stream().mapToLong(RoutedRequest::getReservedMicros).sum();

        assertThat(routed).isNotEmpty().hasSizeLessThan(100);
        assertThat(reserved).isLessThanOrEqualTo(CREDIT);
        assertThat(router.allResponses()).hasSize(100 - routed.size())
                .allMatch(r -> r.getError().getCode().equals(ErrorCodes.SPEND_LIMIT_EXCEEDED));
    }

    @Test
    void reservationsTheBalanceTableCountsAreReleasedFromTheLedger() {
        router.grant("acct", CREDIT);
        InferenceRequest first = chat("acct", "openai/gpt-4o-mini", "hello").build();
        router.send(first);
        long reserved = router.reservations.readValue().getAmountMicros();

        // billing applied reservation 1 and charged 100 micro-credits
        router.balance(CreditBalance.newBuilder().setAccountId("acct").setBalanceMicros(CREDIT - 100)
                .setReservedMicros(0).setReservationSeq(1).setUpdatedAt(START).build());
        router.send(chat("acct", "openai/gpt-4o-mini", "again").build());

        var second = router.reservations.readValue();
        assertThat(second.getSeq()).isEqualTo(2);
        assertThat(reserved).isPositive();
    }

    @Test
    void aCacheHitIsAnsweredAtZeroCostWithoutTheProvider() {
        router.grant("acct", CREDIT);
        InferenceRequest request = chat("acct", "openai/gpt-4o-mini", "what is kafka").build();
        String key = CacheKey.of("openai/gpt-4o-mini", request);
        InferenceResponse stored = InferenceResponse.newBuilder().setRequestId("earlier").setAccountId("other")
                .setStatus(ResponseStatus.SUCCEEDED).setOutput(Output.newBuilder().setText("a log").build())
                .setCostMicros(42).setSlug("openai/gpt-4o-mini").setProvider("openai").setModel("gpt-4o-mini")
                .setCompletedAt(START).build();
        router.cacheEntry(CachedResponse.newBuilder().setCacheKey(key).setSlug("openai/gpt-4o-mini").setResponse(stored)
                .setStoredAt(START).setExpiresAt(START.plus(Duration.ofHours(1))).build());

        router.send(request);

        InferenceResponse response = onlyResponse();
        assertThat(response.getRequestId()).isEqualTo(request.getRequestId());
        assertThat(response.getAccountId()).isEqualTo("acct");
        assertThat(response.getCached()).isTrue();
        assertThat(response.getCostMicros()).isZero();
        assertThat(response.getOutput().getText()).isEqualTo("a log");
        UsageEvent usage = router.usage.readValue();
        assertThat(usage.getCached()).isTrue();
        assertThat(usage.getCostMicros()).isZero();
        assertThat(router.routed("provider-requests-openai").isEmpty()).isTrue();

        router.send(InferenceRequest.newBuilder(request).setRequestId("skip").setCache(CacheOptions.newBuilder()
                .setSkipCache(true).build()).build());
        assertThat(router.routed("provider-requests-openai").readValuesToList()).hasSize(1);
    }

    @Test
    void successfulResponsesBecomeCacheEntriesForTheNextEqualRequest() {
        router.grant("acct", CREDIT);
        InferenceRequest request = chat("acct", "openai/gpt-4o-mini", "what is kafka").build();
        router.send(request);
        router.responsesIn.pipeInput(request.getRequestId(), InferenceResponse.newBuilder()
                .setRequestId(request.getRequestId()).setAccountId("acct").setStatus(ResponseStatus.SUCCEEDED)
                .setOutput(Output.newBuilder().setText("a log").build()).setSlug("openai/gpt-4o-mini")
                .setCostMicros(7).setCompletedAt(START).build());

        CachedResponse entry = router.cacheOut.readValue();

        assertThat(entry.getCacheKey()).isEqualTo(CacheKey.of("openai/gpt-4o-mini", request));
        assertThat(entry.getExpiresAt()).isEqualTo(entry.getStoredAt().plusSeconds(3600));
    }

    @Test
    void aDuplicateRequestIdInFlightIsAnsweredDuplicateAndAfterwardsGetsTheOriginalResponse() {
        router.grant("acct", CREDIT);
        InferenceRequest request = chat("acct", "openai/gpt-4o-mini", "hello").build();
        router.send(request);
        router.send(request);

        InferenceResponse inFlight = onlyResponse();
        assertThat(inFlight.getStatus()).isEqualTo(ResponseStatus.DUPLICATE);
        assertThat(inFlight.getDuplicateOf()).isEqualTo(request.getRequestId());

        router.responsesIn.pipeInput(request.getRequestId(), InferenceResponse.newBuilder()
                .setRequestId(request.getRequestId()).setAccountId("acct").setStatus(ResponseStatus.SUCCEEDED)
                .setOutput(Output.newBuilder().setText("hi").build()).setSlug("openai/gpt-4o-mini").setCompletedAt(START).build());
        router.send(request);

        InferenceResponse replay = onlyResponse();
        assertThat(replay.getStatus()).isEqualTo(ResponseStatus.SUCCEEDED);
        assertThat(replay.getOutput().getText()).isEqualTo("hi");
        assertThat(router.routed("provider-requests-openai").readValuesToList()).hasSize(1);
    }

    @Test
    void aSecondRequestWithTheSameIdempotencyKeyIsNotRoutedAgain() {
        router.grant("acct", CREDIT);
        router.send(chat("acct", "openai/gpt-4o-mini", "hello").setIdempotencyKey("order-17").build());
        InferenceRequest again = chat("acct", "openai/gpt-4o-mini", "hello").setIdempotencyKey("order-17").build();

        router.send(again);

        InferenceResponse response = onlyResponse();
        assertThat(response.getRequestId()).isEqualTo(again.getRequestId());
        assertThat(response.getStatus()).isEqualTo(ResponseStatus.DUPLICATE);
        assertThat(router.routed("provider-requests-openai").readValuesToList()).hasSize(1);
    }

    @Test
    void aRateLimitedRequestIsToldWhenToRetryOrWaitsIfItAsked() {
        router.grant("acct", CREDIT);
        router.profile(AccountProfile.newBuilder().setAccountId("acct").setModelLimits(Map.of("openai/gpt-4o-mini",
                RateLimit.newBuilder().setRequestsPerMinute(1).build())).setUpdatedAt(START).build());
        TestOutputTopic<String, RoutedRequest> openai = router.routed("provider-requests-openai");
        router.send(chat("acct", "openai/gpt-4o-mini", "one").build());
        router.send(chat("acct", "openai/gpt-4o-mini", "two").build());

        InferenceResponse limited = onlyResponse();
        assertThat(limited.getStatus()).isEqualTo(ResponseStatus.RATE_LIMITED);
        assertThat(limited.getError().getRetryAfterMs()).isEqualTo(60_000);
        assertThat(limited.getError().getRetryable()).isTrue();
        assertThat(openai.readValuesToList()).hasSize(1);

        InferenceRequest patient = chat("acct", "openai/gpt-4o-mini", "three").setWaitIfRateLimited(true).build();
        router.send(patient);
        assertThat(router.responses.isEmpty()).isTrue();
        assertThat(openai.isEmpty()).isTrue();

        router.driver.advanceWallClockTime(Duration.ofSeconds(61));

        assertThat(openai.readValuesToList()).extracting(r -> r.getRequest().getRequestId()).containsExactly(patient.getRequestId());
    }

    @Test
    void remainingRequestsOfACancelledJobAreAnsweredCancelled() {
        router.grant("acct", CREDIT);
        router.job(BatchJob.newBuilder().setJobId("job-9").setAccountId("acct").setState(JobState.CANCELLED)
                .setCreatedAt(START).setUpdatedAt(START).build());

        router.send(chat("acct", "openai/gpt-4o-mini", "x").setJobId("job-9").build());

        InferenceResponse response = onlyResponse();
        assertThat(response.getStatus()).isEqualTo(ResponseStatus.CANCELLED);
        assertThat(response.getError().getCode()).isEqualTo(ErrorCodes.JOB_CANCELLED);
        assertThat(response.getJobId()).isEqualTo("job-9");
        assertThat(router.usage.readValue()).satisfies(usage -> {
            assertThat(usage.getJobId()).as("a job's progress counts its cancelled lines too").isEqualTo("job-9");
            assertThat(usage.getStatus()).isEqualTo(ResponseStatus.CANCELLED);
        });
    }

    @Test
    void aRequestPastItsDeadlineExpires() {
        router.grant("acct", CREDIT);

        router.send(chat("acct", "openai/gpt-4o-mini", "x").setDeadline(START.minusSeconds(1)).build());

        assertThat(onlyResponse().getStatus()).isEqualTo(ResponseStatus.EXPIRED);
    }

    @Test
    void malformedBytesAreDeadLetteredAndThePartitionKeepsFlowing() {
        router.grant("acct", CREDIT);
        byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
        byte[] unknownSchema = {0, 0, 0, 0x7f, 0x7f, 1, 2, 3};

        router.rawRequests.pipeInput("acct".getBytes(StandardCharsets.UTF_8), garbage);
        router.rawRequests.pipeInput("acct".getBytes(StandardCharsets.UTF_8), unknownSchema);
        router.send(chat("acct", "openai/gpt-4o-mini", "still flowing").build());

        List<TestRecord<byte[], byte[]>> dead = router.dlq.readRecordsToList();
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).value()).isEqualTo(garbage);
        assertThat(header(dead.get(0).headers(), DeadLetterHeaders.ERROR_MESSAGE)).contains("not the magic byte");
        assertThat(header(dead.get(1).headers(), DeadLetterHeaders.ERROR_CLASS)).isEqualTo("UnknownSchemaId");
        assertThat(header(dead.get(1).headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("inference-requests");
        assertThat(router.routed("provider-requests-openai").readValuesToList()).hasSize(1);
    }

    @Test
    void missingInputAndAWrongKeyAreInvalidRequests() {
        router.grant("acct", CREDIT);
        InferenceRequest empty = chat("acct", "openai/gpt-4o-mini", null).build();
        InferenceRequest wrongKey = chat("acct", "openai/gpt-4o-mini", "x").build();
        InferenceRequest embeddingWithoutTexts = chat("acct", "openai/text-embedding-3-small", null)
                .setInput(Input.newBuilder().setCapability(Capability.EMBEDDING).build()).build();

        router.send(empty);
        router.requests.pipeInput("someone-else", wrongKey);
        router.send(embeddingWithoutTexts);

        Map<String, InferenceResponse> answers = router.responsesById();
        assertThat(answers.values()).extracting(r -> r.getError().getCode()).containsOnly(ErrorCodes.INVALID_REQUEST);
        assertThat(answers.get(empty.getRequestId()).getError().getMessage()).contains("nothing to work on");
        assertThat(answers.get(wrongKey.getRequestId()).getError().getMessage()).contains("record key must be the account id");
    }

    @Test
    void aReplyTopicReceivesTheAnswer() {
        TestOutputTopic<String, InferenceResponse> tenant = router.driver.createOutputTopic("tenant-a-responses",
                new org.apache.kafka.common.serialization.StringDeserializer(),
                io.inferline.schemas.serde.TopicSerdes.valueSerde(router.topics.inferenceResponses(), router.serdeConfig).deserializer());

        router.send(chat("acct", "no/such-model", "x").setReplyTopic("tenant-a-responses").build());

        assertThat(tenant.readValue().getError().getCode()).isEqualTo(ErrorCodes.UNKNOWN_PROVIDER);
        assertThat(router.responses.isEmpty()).isTrue();
    }

    @Test
    void aReplyTopicThatIsOneOfInferlinesOwnIsRefusedAndAnsweredOnTheResponsesTopic() {
        router.grant("acct", 10 * CREDIT);

        router.send(chat("acct", "openai/gpt-4o-mini", "x").setReplyTopic(router.topics.usageEvents().name()).build());

        InferenceResponse refused = onlyResponse();
        assertThat(refused.getError().getCode()).isEqualTo(ErrorCodes.INVALID_REQUEST);
        assertThat(refused.getError().getMessage()).contains("one of inferline's own");
        assertThat(router.routed("provider-requests-openai").isEmpty()).isTrue();
    }
}
