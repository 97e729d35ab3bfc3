package io.inferline.workers.provider.mistral;

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

/** Reads a {@code /v1/chat/completions} answer. */
final class ChatAnswer {

    private ChatAnswer() {
    }

    static AdapterResult read(JsonNode root, RoutedRequest request, Optional<String> upstreamId) {
        JsonNode choice = AnswerFields.nonEmptyArray(root, "choices", "choices").get(0);
        JsonNode message = AnswerFields.object(choice, "message", "choices[0].message");
        String text = text(message.path("content"));
        List<ToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = message.path("tool_calls");
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
        long output = AnswerFields.count(usage, "completion_tokens", "usage.completion_tokens");
        Output out = Output.newBuilder()
                .setText(text)
                .setToolCalls(calls)
                .setStructuredJson(ResponseFormat.of(request.getRequest().getOptions(), MistralAdapter.PROVIDER).structured(text).orElse(null))
                .setFinishReason(finishReason(choice.path("finish_reason").asText("")))
                .build();
        return new AdapterResult.Success(out, TokenUsage.of(input, output, Math.min(cached(usage), input)), upstreamId);
    }

    // the reference names the cached count three ways; prompt_tokens includes the cached part, as OpenAI's does
    private static long cached(JsonNode usage) {
        for (String details : new String[] {"prompt_tokens_details", "prompt_token_details"}) {
            var count = AnswerFields.optionalCount(usage.path(details), "cached_tokens", "usage." + details + ".cached_tokens");
            if (count.isPresent()) {
                return count.getAsLong();
            }
        }
        return AnswerFields.optionalCount(usage, "num_cached_tokens", "usage.num_cached_tokens").orElse(0);
    }

    // content is a string, null, or chunks of which only the text ones are the answer (thinking is not)
    private static String text(JsonNode content) {
        if (content.isMissingNode() || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.asText().isEmpty() ? null : content.asText();
        }
        if (!content.isArray()) {
            throw new InvalidAnswerException("the answer's choices[0].message.content is neither text nor chunks");
        }
        StringBuilder text = new StringBuilder();
        boolean sawText = false;
        for (JsonNode chunk : content) {
            if ("text".equals(chunk.path("type").asText()) && chunk.path("text").isTextual()) {
                text.append(chunk.path("text").asText());
                sawText = true;
            }
        }
        return sawText ? text.toString() : null;
    }

    private static String finishReason(String raw) {
        return switch (raw) {
            case "stop" -> FinishReason.STOP;
            case "length", "model_length" -> FinishReason.LENGTH;
            case "tool_calls" -> FinishReason.TOOL_CALLS;
            default -> FinishReason.OTHER;
        };
    }
}
