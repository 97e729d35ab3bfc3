package io.inferline.router.topology;

import io.inferline.avro.ErrorInfo;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.ResponseStatus;
import java.time.Instant;
import java.util.List;

/** Responses the router gives without calling a provider. */
final class Responses {
    private Responses() {
    }

    static InferenceResponse.Builder base(InferenceRequest request, Instant now) {
        return InferenceResponse.newBuilder()
                .setRequestId(request.getRequestId())
                .setAccountId(request.getAccountId())
                .setJobId(request.getJobId())
                .setCustomId(request.getCustomId())
                .setRequestedModel(request.getModel())
                .setMetadata(request.getMetadata())
                .setAttempts(List.of())
                .setLatencyMs(Math.max(0, now.toEpochMilli() - request.getCreatedAt().toEpochMilli()))
                .setCompletedAt(now);
    }

    static InferenceResponse error(InferenceRequest request, ResponseStatus status, ErrorInfo error, Instant now) {
        return base(request, now).setStatus(status).setError(error).build();
    }

    static InferenceResponse error(InferenceRequest request, ResponseStatus status, String code, String message, Instant now) {
        return error(request, status, ErrorInfo.newBuilder().setCode(code).setMessage(message).setRetryable(false).build(), now);
    }

    /** A stored response served again for another request: same output, this request's ids, no cost. */
    static InferenceResponse servedAgain(InferenceResponse stored, InferenceRequest request, boolean cached, Instant now) {
        return InferenceResponse.newBuilder(stored)
                .setRequestId(request.getRequestId())
                .setAccountId(request.getAccountId())
                .setJobId(request.getJobId())
                .setCustomId(request.getCustomId())
                .setRequestedModel(request.getModel())
                .setMetadata(request.getMetadata())
                .setCached(cached || stored.getCached())
                .setCostMicros(cached ? 0 : stored.getCostMicros())
                .setAttempts(cached ? List.of() : stored.getAttempts())
                .setLatencyMs(Math.max(0, now.toEpochMilli() - request.getCreatedAt().toEpochMilli()))
                .setCompletedAt(now)
                .build();
    }
}
