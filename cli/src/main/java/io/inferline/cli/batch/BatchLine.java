package io.inferline.cli.batch;

import io.inferline.avro.CacheOptions;
import io.inferline.avro.GenerationOptions;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.Input;
import io.inferline.avro.LoggingOptions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One valid line of a batch file, in inferline's terms, whichever format it was written in.
 *
 * @param endpoint the OpenAI endpoint the line was written for ({@code /v1/chat/completions}, ...), or
 *                 {@link #NATIVE}; it decides the shape of the line's output
 * @param model    the slug or alias to ask for; null: the account's default model
 */
public record BatchLine(int lineNumber, String customId, String endpoint, String model, Input input,
                        GenerationOptions options, List<String> fallbackModels, Map<String, String> metadata) {

    public static final String NATIVE = "native";
    /** Metadata key carrying {@link #endpoint()} on the request, echoed on its response. */
    public static final String ENDPOINT_METADATA = "inferline.endpoint";
    /** Metadata key carrying the line number on the request, echoed on its response. */
    public static final String LINE_METADATA = "inferline.line";

    public BatchLine {
        fallbackModels = List.copyOf(fallbackModels);
        metadata = Map.copyOf(metadata);
    }

    /** The request this line becomes in job {@code jobId}. */
    public InferenceRequest toRequest(String requestId, String accountId, String jobId, Instant createdAt, Instant deadline,
                                      Map<String, String> jobMetadata) {
        Map<String, String> merged = new LinkedHashMap<>(jobMetadata);
        merged.putAll(metadata);
        merged.put(ENDPOINT_METADATA, endpoint);
        merged.put(LINE_METADATA, Integer.toString(lineNumber));
        return InferenceRequest.newBuilder()
                .setRequestId(requestId)
                .setAccountId(accountId)
                .setJobId(jobId)
                .setCustomId(customId)
                .setModel(model)
                .setInput(input)
                .setOptions(options)
                .setFallbackModels(fallbackModels)
                .setCache(CacheOptions.newBuilder().build())
                .setLogging(LoggingOptions.newBuilder().build())
                .setDeadline(deadline)
                .setMetadata(merged)
                .setCreatedAt(createdAt)
                .build();
    }
}
