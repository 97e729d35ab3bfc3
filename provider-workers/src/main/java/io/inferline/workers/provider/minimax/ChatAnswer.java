package io.inferline.workers.provider.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.Output;
import io.inferline.avro.ToolCall;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.FinishReason;
import io.inferline.workers.provider.canonical.TokenUsage;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.ToolArguments;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a {@code chatcompletion_v2} answer whose {@code base_resp} said success. */
final class ChatAnswer {

    private static final String THINK_OPEN = "<think>";
    private static final String THINK_CLOSE = "</think>";

    private ChatAnswer() {
    }

    static AdapterResult read(JsonNode root, Optional<String> upstreamId) {
        JsonNode choice = AnswerFields.nonEmptyArray(root, "choices", "choices").get(0);
        JsonNode message = AnswerFields.object(choice, "message", "choices[0].message");
        String text = text(message.path("content"));
        List<ToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = message.path("tool_calls");
        if (!toolCalls.isMissingNode() && !toolCalls.isNull() && !toolCalls.isArray()) {
            throw new InvalidAnswerException("the answer's choices[0].message.tool_calls is not an array");
        }
        for (int i = 0; i < toolCalls.size(); i++) {
            String path = "choices[0].message.tool_calls[" + i + "]";
            JsonNode call = toolCalls.get(i);
            JsonNode function = AnswerFields.object(call, "function", path + ".function");
            calls.add(ToolCall.newBuilder()
                    .setId(AnswerFields.optionalText(call, "id").orElse("call_" + i))
                    .setName(AnswerFields.text(function, "name", path + ".function.name"))
                    .setArgumentsJson(ToolArguments.asText(function.path("arguments")))
                    .build());
        }
        JsonNode usage = AnswerFields.object(root, "usage", "usage");
        long input = AnswerFields.count(usage, "prompt_tokens", "usage.prompt_tokens");
        // completion_tokens includes the reasoning tokens, which are billed as output
        long output = AnswerFields.count(usage, "completion_tokens", "usage.completion_tokens");
        long cached = AnswerFields.optionalCount(usage.path("prompt_tokens_details"), "cached_tokens",
                "usage.prompt_tokens_details.cached_tokens").orElse(0);
        Output out = Output.newBuilder()
                .setText(text)
                .setToolCalls(calls)
                .setFinishReason(finishReason(choice.path("finish_reason").asText("")))
                .build();
        return new AdapterResult.Success(out, TokenUsage.of(input, output, Math.min(cached, input)), upstreamId);
    }

    // the reasoning travels apart (reasoning_content); a <think> block that leads the content is reasoning too
    private static String text(JsonNode content) {
        if (content.isMissingNode() || content.isNull()) {
            return null;
        }
        if (!content.isTextual()) {
            throw new InvalidAnswerException("the answer's choices[0].message.content is not a string");
        }
        String text = content.asText();
        String lead = text.stripLeading();
        if (lead.startsWith(THINK_OPEN) && lead.contains(THINK_CLOSE)) {
            text = lead.substring(lead.indexOf(THINK_CLOSE) + THINK_CLOSE.length()).stripLeading();
        }
        return text.isEmpty() ? null : text;
    }

    private static String finishReason(String raw) {
        return switch (raw) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "tool_calls" -> FinishReason.TOOL_CALLS;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }
}
