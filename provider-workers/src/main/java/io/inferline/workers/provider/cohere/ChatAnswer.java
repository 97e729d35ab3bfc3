package io.inferline.workers.provider.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.Output;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.ToolCall;
import io.inferline.avro.Usage;
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
import java.util.OptionalLong;

/** Reads a {@code /v2/chat} answer. */
final class ChatAnswer {

    private ChatAnswer() {
    }

    static AdapterResult read(JsonNode root, RoutedRequest request, Optional<String> upstreamId) {
        JsonNode message = AnswerFields.object(root, "message", "message");
        String text = text(message);
        List<ToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = message.path("tool_calls");
        for (int i = 0; i < toolCalls.size(); i++) {
            String path = "message.tool_calls[" + i + "]";
            JsonNode call = toolCalls.get(i);
            JsonNode function = AnswerFields.object(call, "function", path + ".function");
            calls.add(ToolCall.newBuilder()
                    .setId(AnswerFields.text(call, "id", path + ".id"))
                    .setName(AnswerFields.text(function, "name", path + ".function.name"))
                    .setArgumentsJson(ToolArguments.asText(function.path("arguments")))
                    .build());
        }
        Output out = Output.newBuilder()
                .setText(text)
                .setToolCalls(calls)
                .setStructuredJson(ResponseFormat.of(request.getRequest().getOptions(), CohereAdapter.PROVIDER).structured(text).orElse(null))
                .setFinishReason(finishReason(root.path("finish_reason").asText("")))
                .build();
        return new AdapterResult.Success(out, usage(AnswerFields.object(root, "usage", "usage")), upstreamId);
    }

    /**
     * The billed block, else the processed one. {@code billed_units} is what Cohere charges and what the catalog's
     * prices are per; {@code tokens} also counts the prompt template Cohere wraps around the messages (71 processed
     * for 5 billed in the reference's example), which is not charged. {@code tokens} stands in only when an answer
     * lacks {@code billed_units}, so such a call is billed rather than free. {@code cached_tokens} is not reported as
     * cached input: it counts against the processed prompt, not the billed one, and Cohere prices no cache hits.
     */
    static Usage usage(JsonNode usage) {
        for (String block : new String[] {"billed_units", "tokens"}) {
            JsonNode counts = usage.path(block);
            OptionalLong input = AnswerFields.optionalCount(counts, "input_tokens", "usage." + block + ".input_tokens");
            OptionalLong output = AnswerFields.optionalCount(counts, "output_tokens", "usage." + block + ".output_tokens");
            if (input.isPresent() && output.isPresent()) {
                return TokenUsage.of(input.getAsLong(), output.getAsLong(), 0);
            }
        }
        throw new InvalidAnswerException("the answer has no usage.billed_units (input_tokens and output_tokens)");
    }

    // content is a list of parts; only text parts are the answer (thinking parts are not)
    private static String text(JsonNode message) {
        JsonNode content = message.path("content");
        if (content.isMissingNode() || content.isNull()) {
            return null;
        }
        if (!content.isArray()) {
            throw new InvalidAnswerException("the answer's message.content is not a list of parts");
        }
        StringBuilder text = new StringBuilder();
        boolean sawText = false;
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            if ("text".equals(part.path("type").asText())) {
                text.append(AnswerFields.text(part, "text", "message.content[" + i + "].text"));
                sawText = true;
            }
        }
        return sawText ? text.toString() : null;
    }

    private static String finishReason(String raw) {
        return switch (raw) {
            case "COMPLETE", "STOP_SEQUENCE" -> FinishReason.STOP;
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "TOOL_CALL" -> FinishReason.TOOL_CALLS;
            default -> FinishReason.OTHER;
        };
    }
}
