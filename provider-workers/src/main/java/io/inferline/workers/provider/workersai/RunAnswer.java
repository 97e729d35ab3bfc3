package io.inferline.workers.provider.workersai;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.Capability;
import io.inferline.avro.Output;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.ToolCall;
import io.inferline.avro.Usage;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.Conversation;
import io.inferline.workers.provider.canonical.EmbeddingTexts;
import io.inferline.workers.provider.canonical.FinishReason;
import io.inferline.workers.provider.canonical.TokenUsage;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.EmbeddingVectors;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.JsonBody;
import io.inferline.workers.provider.json.ToolArguments;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the {@code result} of a successful envelope. */
final class RunAnswer {

    private RunAnswer() {
    }

    static AdapterResult read(JsonNode result, RoutedRequest request, Optional<String> upstreamId) {
        return switch (request.getCapability()) {
            case EMBEDDING -> embeddings(result, request, upstreamId);
            case IMAGE -> MediaModels.image(result, upstreamId);
            case SPEECH -> MediaModels.speech(result, request, upstreamId);
            case TRANSCRIPTION -> MediaModels.transcript(result, request, upstreamId);
            default -> chat(result, request, upstreamId);
        };
    }

    private static AdapterResult chat(JsonNode result, RoutedRequest request, Optional<String> upstreamId) {
        JsonNode response = result.path("response");
        JsonNode toolCalls = result.path("tool_calls");
        if (!response.isTextual() && !response.isObject() && !(toolCalls.isArray() && !toolCalls.isEmpty())) {
            throw new InvalidAnswerException("the answer has no result.response (a string) and no result.tool_calls");
        }
        // JSON-mode models answer with an object instead of a string
        String text = response.isTextual() ? response.asText() : response.isObject() ? JsonBody.text(response) : null;
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < toolCalls.size(); i++) {
            JsonNode call = toolCalls.get(i);
            calls.add(ToolCall.newBuilder()
                    // the reference gives calls no id: one is made from the call's place in the answer
                    .setId(AnswerFields.optionalText(call, "id").orElse("call_" + i))
                    .setName(AnswerFields.text(call, "name", "result.tool_calls[" + i + "].name"))
                    .setArgumentsJson(ToolArguments.asText(call.path("arguments")))
                    .build());
        }
        Output output = Output.newBuilder()
                .setText(text)
                .setToolCalls(calls)
                .setStructuredJson(response.isObject() ? text : null)
                // Workers AI reports no finish reason
                .setFinishReason(calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS)
                .build();
        return new AdapterResult.Success(output, chatUsage(result, request, text, calls), upstreamId);
    }

    // not every model reports usage; without it both sides are estimated (~4 UTF-8 bytes a token) so the call is billed
    private static Usage chatUsage(JsonNode result, RoutedRequest request, String text, List<ToolCall> calls) {
        JsonNode usage = result.path("usage");
        if (usage.isObject()) {
            return TokenUsage.of(AnswerFields.count(usage, "prompt_tokens", "result.usage.prompt_tokens"),
                    AnswerFields.count(usage, "completion_tokens", "result.usage.completion_tokens"), 0);
        }
        List<String> generated = new ArrayList<>();
        if (text != null) {
            generated.add(text);
        }
        calls.forEach(call -> generated.add(call.getArgumentsJson()));
        return TokenUsage.of(TokenUsage.estimate(Conversation.of(request, WorkersAiAdapter.PROVIDER).texts()),
                TokenUsage.estimate(generated), 0);
    }

    private static AdapterResult embeddings(JsonNode result, RoutedRequest request, Optional<String> upstreamId) {
        List<String> texts = EmbeddingTexts.of(request, WorkersAiAdapter.PROVIDER);
        JsonNode data = AnswerFields.array(result, "data", "result.data");
        if (data.size() != texts.size()) {
            throw new InvalidAnswerException("the answer has " + data.size() + " embeddings for " + texts.size() + " texts");
        }
        List<List<Float>> vectors = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            JsonNode holder = JsonBody.object().set("vector", data.get(i));
            vectors.add(EmbeddingVectors.read(holder, "vector", "result.data[" + i + "]"));
        }
        // embedding models report no usage: the input is estimated from the texts (~4 UTF-8 bytes a token)
        Output output = Output.newBuilder().setEmbeddings(vectors).build();
        return new AdapterResult.Success(output, TokenUsage.of(TokenUsage.estimate(texts), 0, 0), upstreamId);
    }
}
