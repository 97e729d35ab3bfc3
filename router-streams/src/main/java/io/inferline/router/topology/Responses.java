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
        return addressedTo(InferenceResponse.newBuilder(), request, now).setAttempts(List.of());
    }

    /** The request's ids, metadata and timing on a response, whatever answered it. */
    private static InferenceResponse.Builder addressedTo(InferenceResponse.Builder response, InferenceRequest request, Instant now) {
        return response
                .setRequestId(request.getRequestId())
                .setAccountId(request.getAccountId())
                .setJobId(request.getJobId())
                .setCustomId(request.getCustomId())
                .setRequestedModel(request.getModel())
                .setMetadata(request.getMetadata())
                .setLatencyMs(Math.max(0, now.toEpochMilli() - request.getCreatedAt().toEpochMilli()))
                .setCompletedAt(now);
    }

    static InferenceResponse error(InferenceRequest request, ResponseStatus status, ErrorInfo error, Instant now) {
        return base(request, now).setStatus(status).setError(error).build();
    }

    static InferenceResponse error(InferenceRequest request, ResponseStatus status, String code, String message, Instant now) {
        return error(request, status, notRetryable(code, message), now);
    }

    /** An error the same request would meet again: sending it once more will not help. */
    static ErrorInfo notRetryable(String code, String message) {
        return ErrorInfo.newBuilder().setCode(code).setMessage(message).setRetryable(false).build();
    }

    /** A stored response served again for another request: same output, this request's ids, no cost. */
    static InferenceResponse servedAgain(InferenceResponse stored, InferenceRequest request, boolean cached, Instant now) {
        return addressedTo(InferenceResponse.newBuilder(stored), request, now)
                .setCached(cached || stored.getCached())
                .setCostMicros(cached ? 0 : stored.getCostMicros())
                .setAttempts(cached ? List.of() : stored.getAttempts())
                .build();
    }
}
