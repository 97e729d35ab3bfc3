package io.inferline.workers.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.Output;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.ToolCall;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.FinishReason;
import io.inferline.workers.provider.canonical.ResponseFormat;
import io.inferline.workers.provider.canonical.TokenUsage;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.ToolArguments;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a {@code :generateContent} answer. */
final class GenerateContentAnswer {

    private GenerateContentAnswer() {
    }

    static AdapterResult read(JsonNode root, RoutedRequest request, Optional<String> upstreamId) {
        JsonNode usage = AnswerFields.object(root, "usageMetadata", "usageMetadata");
        long input = AnswerFields.count(usage, "promptTokenCount", "usageMetadata.promptTokenCount");
        long cached = AnswerFields.optionalCount(usage, "cachedContentTokenCount", "usageMetadata.cachedContentTokenCount").orElse(0);
        // candidatesTokenCount is left out when nothing was generated; thinking is billed as output
        long output = AnswerFields.optionalCount(usage, "candidatesTokenCount", "usageMetadata.candidatesTokenCount").orElse(0)
                + AnswerFields.optionalCount(usage, "thoughtsTokenCount", "usageMetadata.thoughtsTokenCount").orElse(0);
        JsonNode candidates = root.path("candidates");
        if (!candidates.isArray() || candidates.isEmpty()) {
            if (root.path("promptFeedback").path("blockReason").isTextual()) {
                // the prompt itself was blocked: an answer, not a fault, and asking again gets the same
                Output blocked = Output.newBuilder().setFinishReason(FinishReason.CONTENT_FILTER).build();
                return new AdapterResult.Success(blocked, TokenUsage.of(input, output, cached), upstreamId);
            }
            throw new InvalidAnswerException("the answer has no candidates[0] (an object)");
        }
        JsonNode candidate = candidates.get(0);
        StringBuilder text = new StringBuilder();
        boolean sawText = false;
        List<ToolCall> calls = new ArrayList<>();
        JsonNode parts = candidate.path("content").path("parts");
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = parts.get(i);
            if (part.path("functionCall").isObject()) {
                JsonNode call = part.path("functionCall");
                String path = "candidates[0].content.parts[" + i + "].functionCall";
                calls.add(ToolCall.newBuilder()
                        // the reference gives calls no id: one is made from the call's place in the answer
                        .setId(AnswerFields.optionalText(call, "id").orElse("call_" + calls.size()))
                        .setName(AnswerFields.text(call, "name", path + ".name"))
                        .setArgumentsJson(ToolArguments.asText(call.path("args")))
                        .build());
            } else if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)) {
                text.append(part.path("text").asText());
                sawText = true;
            }
        }
        String answer = sawText ? text.toString() : null;
        ResponseFormat format = ResponseFormat.of(request.getRequest().getOptions(), GeminiAdapter.PROVIDER);
        Output out = Output.newBuilder()
                .setText(answer)
                .setToolCalls(calls)
                .setStructuredJson(format.structured(answer).orElse(null))
                .setFinishReason(finishReason(candidate.path("finishReason").asText(""), !calls.isEmpty()))
                .build();
        return new AdapterResult.Success(out, TokenUsage.of(input, output, cached), upstreamId);
    }

    // Gemini says STOP also when the model called functions
    private static String finishReason(String raw, boolean calledTools) {
        return switch (raw) {
            case "STOP" -> calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }
}
