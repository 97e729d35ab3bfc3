package io.inferline.workers.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.Output;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.ToolCall;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.FinishReason;
import io.inferline.workers.provider.canonical.ResponseFormat;
import io.inferline.workers.provider.canonical.TokenUsage;
import io.inferline.workers.provider.json.AnswerFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The answer of {@code POST /chat/completions}, for OpenAI and the providers that copy its shape.
 *
 * @param emptyText        what an empty {@code content} means
 * @param cachedTokens     how far the reported {@code cached_tokens} is trusted
 * @param toolCallFinishes the {@code finish_reason} values that mean the model called tools
 */
public record ChatCompletionsAnswer(String provider, EmptyText emptyText, CachedTokens cachedTokens, Set<String> toolCallFinishes) {

    public enum EmptyText {
        KEPT,
        /** providers that answer a tool call with {@code content: ""} mean no text by it */
        NO_TEXT
    }

    public enum CachedTokens {
        AS_REPORTED,
        /** never more than the prompt, whatever the provider reports */
        AT_MOST_INPUT
    }

    public AdapterResult read(JsonNode root, RoutedRequest request, Optional<String> upstreamId) {
        JsonNode choice = AnswerFields.nonEmptyArray(root, "choices", "choices").get(0);
        JsonNode message = AnswerFields.object(choice, "message", "choices[0].message");
        String text = AnswerFields.optionalText(message, "content")
                .filter(content -> emptyText == EmptyText.KEPT || !content.isEmpty()).orElse(null);
        List<ToolCall> calls = toolCalls(message);
        JsonNode usage = AnswerFields.object(root, "usage", "usage");
        long input = AnswerFields.count(usage, "prompt_tokens", "usage.prompt_tokens");
        long output = AnswerFields.count(usage, "completion_tokens", "usage.completion_tokens");
        long cached = AnswerFields.optionalCount(usage.path("prompt_tokens_details"), "cached_tokens",
                "usage.prompt_tokens_details.cached_tokens").orElse(0);
        if (cachedTokens == CachedTokens.AT_MOST_INPUT) {
            cached = Math.min(cached, input);
        }
        ResponseFormat format = ResponseFormat.of(request.getRequest().getOptions(), provider);
        Output out = Output.newBuilder()
                .setText(text)
                .setToolCalls(calls)
                .setStructuredJson(format.structured(text).orElse(null))
                .setFinishReason(finishReason(choice.path("finish_reason").asText("")))
                .build();
        return new AdapterResult.Success(out, TokenUsage.of(input, output, cached), upstreamId);
    }

    private static List<ToolCall> toolCalls(JsonNode message) {
        List<ToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = message.path("tool_calls");
        for (int i = 0; i < toolCalls.size(); i++) {
            String path = "choices[0].message.tool_calls[" + i + "]";
            JsonNode call = toolCalls.get(i);
            JsonNode function = AnswerFields.object(call, "function", path + ".function");
            calls.add(ToolCall.newBuilder()
                    .setId(AnswerFields.text(call, "id", path + ".id"))
                    .setName(AnswerFields.text(function, "name", path + ".function.name"))
                    .setArgumentsJson(AnswerFields.optionalText(function, "arguments").orElse("{}"))
                    .build());
        }
        return calls;
    }

    private String finishReason(String raw) {
        if (toolCallFinishes.contains(raw)) {
            return FinishReason.TOOL_CALLS;
        }
        return switch (raw) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }
}
