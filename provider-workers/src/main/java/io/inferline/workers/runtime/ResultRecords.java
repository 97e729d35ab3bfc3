package io.inferline.workers.runtime;

import io.inferline.avro.ErrorInfo;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.ModelSpec;
import io.inferline.avro.ProviderTaskState;
import io.inferline.avro.RequestLogEntry;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.Usage;
import io.inferline.avro.UsageEvent;
import io.inferline.schemas.topic.DeadLetterHeaders;
import io.inferline.schemas.topic.TopicRegistry;
import io.inferline.schemas.topic.TraceHeaders;
import io.inferline.workers.provider.AdapterResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The records a finished request leaves behind, serialized on the worker's loop and committed in one
 * transaction with the request's offset: its response, its usage event (which settles the router's
 * reservation), its request-log entry, and for the unlucky ones a retry, a fallback or a dead letter.
 */
final class ResultRecords {

    static final String STAGE_DECODE = "decode";
    static final String STAGE_TRANSLATE = "translate";
    static final String STAGE_UPSTREAM = "upstream";

    private final TopicRegistry topics;
    private final String provider;
    private final Serializers serializers;
    private final Predicate<String> replyTopicExists;

    /** The value serializers of the topics a worker writes. */
    record Serializers(Serializer<InferenceResponse> responses, Serializer<UsageEvent> usage,
                       Serializer<RequestLogEntry> requestLog, Serializer<RoutedRequest> routed, Serializer<ProviderTaskState> tasks) {
    }

    private final java.util.Set<String> contractTopics;
    private final int maxRecordBytes;

    /**
     * @param maxRecordBytes the largest value this worker writes (below the producer's {@code max.request.size}): a
     *                       larger answer would fail its whole transaction again and again
     */
    ResultRecords(TopicRegistry topics, String provider, Serializers serializers, Predicate<String> replyTopicExists, int maxRecordBytes) {
        this.topics = topics;
        this.provider = provider;
        this.serializers = serializers;
        this.replyTopicExists = replyTopicExists;
        this.contractTopics = topics.all().stream().map(io.inferline.schemas.topic.Topic::name)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.maxRecordBytes = maxRecordBytes;
    }

    List<ProducerRecord<byte[], byte[]>> succeeded(Work work, AdapterResult.Success success, long costMicros, Instant now) {
        InferenceRequest request = work.routed.getRequest();
        InferenceResponse response = response(work, now)
                .setStatus(ResponseStatus.SUCCEEDED)
                .setOutput(success.output())
                .setUsage(success.usage())
                .setCostMicros(costMicros)
                .setUpstreamRequestId(success.upstreamRequestId().orElse(null))
                .build();
        ProducerRecord<byte[], byte[]> responseRecord = responseRecord(work, response);
        if (responseRecord.value().length > maxRecordBytes) {
            return ended(work, ResponseStatus.FAILED, ErrorInfo.newBuilder().setCode("response_too_large")
                    .setMessage("the provider's answer takes " + responseRecord.value().length + " bytes, more than the "
                            + maxRecordBytes + " a response record may hold; ask for less output").setRetryable(false).build(),
                    STAGE_UPSTREAM, now);
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(responseRecord);
        records.add(usageRecord(work, success.usage(), costMicros, ResponseStatus.SUCCEEDED, null, now));
        records.add(logRecord(work, response, request));
        return records;
    }

    /** The request ends without an answer: FAILED (or EXPIRED) to the client, its reservation released, and a dead letter if it failed. */
    List<ProducerRecord<byte[], byte[]>> ended(Work work, ResponseStatus status, ErrorInfo error, String stage, Instant now) {
        InferenceRequest request = work.routed.getRequest();
        InferenceResponse response = response(work, now).setStatus(status).setError(error).build();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(responseRecord(work, response));
        records.add(usageRecord(work, Usage.newBuilder().build(), 0, status, error.getCode(), now));
        records.add(logRecord(work, response, request));
        if (status == ResponseStatus.FAILED) {
            records.add(deadLetter(work.source, error.getCode(), error.getMessage(), stage, work.attempts.size(),
                    work.firstFailureAt == null ? now : work.firstFailureAt, now));
        }
        return records;
    }

    /** A task's state on {@code provider-tasks}, keyed by request id, with the request's tracing headers. */
    ProducerRecord<byte[], byte[]> task(Work work, ProviderTaskState state) {
        String topic = topics.providerTasks().name();
        return new ProducerRecord<>(topic, null, utf8(work.requestId()), serializers.tasks().serialize(topic, state), trace(work.source.headers()));
    }

    ProducerRecord<byte[], byte[]> retryLater(Work work, Instant notBefore, Instant now) {
        RoutedRequest retry = RoutedRequest.newBuilder(work.routed)
                .setAttempt(work.callsOnModel + 1)
                .setAttempts(List.copyOf(work.attempts))
                .setNotBefore(notBefore)
                .setFirstFailureAt(work.firstFailureAt)
                .build();
        String topic = topics.providerRetry(provider).name();
        return routedRecord(topic, work, retry);
    }

    ProducerRecord<byte[], byte[]> fallBack(Work work, ModelSpec next, List<String> remainingChain, Instant now) {
        RoutedRequest moved = RoutedRequest.newBuilder(work.routed)
                .setProvider(next.getProvider())
                .setModel(next.getModelId())
                .setSlug(next.getSlug())
                .setAttempt(1)
                .setAttempts(List.copyOf(work.attempts))
                .setFallbackChain(remainingChain)
                .setNotBefore(null)
                .setFirstFailureAt(work.firstFailureAt)
                .setRoutedAt(now)
                .build();
        String topic = work.batch() ? topics.providerBatch(next.getProvider()).name() : topics.providerRequests(next.getProvider()).name();
        return routedRecord(topic, work, moved);
    }

    /**
     * A record that is not a readable routed request: dead-lettered as it is, and, when its tracing
     * headers say whose it was, a FAILED response so the client is not left waiting.
     */
    List<ProducerRecord<byte[], byte[]>> undecodable(ConsumerRecord<byte[], byte[]> source, String errorClass, String message, Instant now) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(deadLetter(source, errorClass, message, STAGE_DECODE, 0, now, now));
        String requestId = header(source.headers(), TraceHeaders.REQUEST_ID);
        String accountId = header(source.headers(), TraceHeaders.ACCOUNT_ID);
        if (requestId != null && accountId != null) {
            InferenceResponse response = InferenceResponse.newBuilder()
                    .setRequestId(requestId)
                    .setAccountId(accountId)
                    .setJobId(header(source.headers(), TraceHeaders.JOB_ID))
                    .setStatus(ResponseStatus.FAILED)
                    .setProvider(provider)
                    .setAttempts(List.of())
                    .setError(ErrorInfo.newBuilder().setCode("undecodable_request")
                            .setMessage("the routed request could not be read (" + errorClass + ": " + message
                                    + "); it is kept in " + topics.providerDlq(provider).name() + " for replay").setRetryable(false).build())
                    .setCompletedAt(now)
                    .build();
            String topic = topics.inferenceResponses().name();
            records.add(new ProducerRecord<>(topic, null, utf8(requestId), serializers.responses().serialize(topic, response), trace(source.headers())));
        }
        return records;
    }

    private InferenceResponse.Builder response(Work work, Instant now) {
        RoutedRequest routed = work.routed;
        InferenceRequest request = routed.getRequest();
        return InferenceResponse.newBuilder()
                .setRequestId(request.getRequestId())
                .setAccountId(request.getAccountId())
                .setJobId(request.getJobId())
                .setCustomId(request.getCustomId())
                .setProvider(routed.getProvider())
                .setModel(routed.getModel())
                .setSlug(routed.getSlug())
                .setRequestedModel(request.getModel())
                .setAttempts(List.copyOf(work.attempts))
                .setLatencyMs(latency(request, now))
                .setMetadata(request.getMetadata())
                .setCompletedAt(now);
    }

    private ProducerRecord<byte[], byte[]> responseRecord(Work work, InferenceResponse response) {
        String replyTopic = work.routed.getRequest().getReplyTopic();
        String topic = replyTopic != null && allowedReplyTopic(replyTopic) ? replyTopic : topics.inferenceResponses().name();
        if (replyTopic != null && !topic.equals(replyTopic)) {
            Map<String, String> metadata = new HashMap<>(response.getMetadata());
            metadata.put("inferline.reply_topic_missing", replyTopic);
            response.setMetadata(metadata);
        }
        return new ProducerRecord<>(topic, null, utf8(response.getRequestId()), serializers.responses().serialize(topic, response),
                trace(work.source.headers()));
    }

    /** A client's own topic that exists: never one of inferline's topics (billing reads them) nor an internal one. */
    private boolean allowedReplyTopic(String topic) {
        return !contractTopics.contains(topic) && !topic.startsWith("__") && replyTopicExists.test(topic);
    }

    private ProducerRecord<byte[], byte[]> usageRecord(Work work, Usage usage, long costMicros, ResponseStatus status, String errorCode, Instant now) {
        RoutedRequest routed = work.routed;
        InferenceRequest request = routed.getRequest();
        UsageEvent event = UsageEvent.newBuilder()
                .setRequestId(request.getRequestId())
                .setAccountId(request.getAccountId())
                .setJobId(request.getJobId())
                .setProvider(routed.getProvider())
                .setModel(routed.getModel())
                .setSlug(routed.getSlug())
                .setUsage(usage)
                .setCostMicros(costMicros)
                .setReservedMicros(routed.getReservedMicros())
                .setStatus(status)
                .setErrorCode(errorCode)
                .setLatencyMs(latency(request, now))
                .setOccurredAt(now)
                .build();
        String topic = topics.usageEvents().name();
        return new ProducerRecord<>(topic, null, utf8(request.getAccountId()), serializers.usage().serialize(topic, event),
                trace(work.source.headers()));
    }

    private ProducerRecord<byte[], byte[]> logRecord(Work work, InferenceResponse response, InferenceRequest request) {
        boolean payload = !Boolean.FALSE.equals(request.getLogging().getLogPayload());
        ProducerRecord<byte[], byte[]> withPayload = logRecord(work, response, request, payload);
        // a payload too large to log is left out rather than failing the request's transaction
        return payload && withPayload.value().length > maxRecordBytes ? logRecord(work, response, request, false) : withPayload;
    }

    private ProducerRecord<byte[], byte[]> logRecord(Work work, InferenceResponse response, InferenceRequest request, boolean payload) {
        Map<String, String> trace = new HashMap<>();
        trace.put("source", work.source.topic() + "/" + work.source.partition() + "@" + work.source.offset());
        RequestLogEntry entry = RequestLogEntry.newBuilder()
                .setRequestId(request.getRequestId())
                .setAccountId(request.getAccountId())
                .setJobId(request.getJobId())
                .setRequestedModel(request.getModel())
                .setSlug(response.getSlug())
                .setProvider(response.getProvider())
                .setStatus(response.getStatus())
                .setErrorCode(response.getError() == null ? null : response.getError().getCode())
                .setUsage(response.getUsage())
                .setCostMicros(response.getCostMicros())
                .setAttempts(response.getAttempts())
                .setLatencyMs(response.getLatencyMs())
                .setPayloadLogged(payload)
                .setRequestPayload(payload ? request.getInput() : null)
                .setResponsePayload(payload ? response.getOutput() : null)
                .setTrace(trace)
                .setCreatedAt(request.getCreatedAt())
                .setCompletedAt(response.getCompletedAt())
                .build();
        String topic = topics.requestLog().name();
        return new ProducerRecord<>(topic, null, utf8(request.getRequestId()), serializers.requestLog().serialize(topic, entry),
                trace(work.source.headers()));
    }

    private ProducerRecord<byte[], byte[]> routedRecord(String topic, Work work, RoutedRequest routed) {
        return new ProducerRecord<>(topic, null, utf8(work.requestId()), serializers.routed().serialize(topic, routed),
                trace(work.source.headers()));
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> source, String errorClass, String message, String stage,
                                                      int attempts, Instant firstFailure, Instant now) {
        Headers headers = new RecordHeaders();
        for (Header header : source.headers()) {
            if (!header.key().startsWith(DeadLetterHeaders.PREFIX)) {
                headers.add(header);
            }
        }
        headers.add(DeadLetterHeaders.ERROR_CLASS, utf8(errorClass));
        headers.add(DeadLetterHeaders.ERROR_MESSAGE, utf8(message));
        headers.add(DeadLetterHeaders.STAGE, utf8(stage));
        headers.add(DeadLetterHeaders.ATTEMPTS, utf8(Integer.toString(attempts)));
        headers.add(DeadLetterHeaders.FIRST_FAILURE_MS, utf8(Long.toString(firstFailure.toEpochMilli())));
        headers.add(DeadLetterHeaders.LAST_FAILURE_MS, utf8(Long.toString(now.toEpochMilli())));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(source.topic()));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(source.offset())));
        return new ProducerRecord<>(topics.providerDlq(provider).name(), null, source.key(), source.value(), headers);
    }

    private static Headers trace(Headers source) {
        Headers headers = new RecordHeaders();
        for (String name : List.of(TraceHeaders.REQUEST_ID, TraceHeaders.ACCOUNT_ID, TraceHeaders.JOB_ID)) {
            Header header = source.lastHeader(name);
            if (header != null) {
                headers.add(header);
            }
        }
        return headers;
    }

    private static long latency(InferenceRequest request, Instant now) {
        return Math.max(0, now.toEpochMilli() - request.getCreatedAt().toEpochMilli());
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
