package io.inferline.workers.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.avro.Output;
import io.inferline.avro.ToolCall;
import io.inferline.workers.provider.AdapterResult;
import io.inferline.workers.provider.canonical.FinishReason;
import io.inferline.workers.provider.canonical.TokenUsage;
import io.inferline.workers.provider.json.AnswerFields;
import io.inferline.workers.provider.json.ToolArguments;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a {@code /v1/messages} answer. */
final class MessagesAnswer {

    private MessagesAnswer() {
    }

    static AdapterResult read(JsonNode root, Optional<String> upstreamId) {
        JsonNode content = AnswerFields.array(root, "content", "content");
        StringBuilder text = new StringBuilder();
        boolean sawText = false;
        List<ToolCall> calls = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode block = content.get(i);
            String path = "content[" + i + "]";
            switch (block.path("type").asText("")) {
                case "text" -> {
                    text.append(AnswerFields.text(block, "text", path + ".text"));
                    sawText = true;
                }
                case "tool_use" -> calls.add(ToolCall.newBuilder()
                        .setId(AnswerFields.text(block, "id", path + ".id"))
                        .setName(AnswerFields.text(block, "name", path + ".name"))
                        .setArgumentsJson(ToolArguments.asText(block.path("input")))
                        .build());
                default -> {
                    // thinking blocks and others are not part of the answer
                }
            }
        }
        JsonNode usage = AnswerFields.object(root, "usage", "usage");
        long uncached = AnswerFields.count(usage, "input_tokens", "usage.input_tokens");
        long cacheRead = AnswerFields.optionalCount(usage, "cache_read_input_tokens", "usage.cache_read_input_tokens").orElse(0);
        long cacheWrite = AnswerFields.optionalCount(usage, "cache_creation_input_tokens", "usage.cache_creation_input_tokens").orElse(0);
        long output = AnswerFields.count(usage, "output_tokens", "usage.output_tokens");
        // Anthropic's input_tokens leaves out the cached parts; inferline's input counts every input token
        Output out = Output.newBuilder()
                .setText(sawText ? text.toString() : null)
                .setToolCalls(calls)
                .setFinishReason(finishReason(root.path("stop_reason").asText("")))
                .build();
        return new AdapterResult.Success(out, TokenUsage.of(uncached + cacheRead + cacheWrite, output, cacheRead), upstreamId);
    }

    private static String finishReason(String stopReason) {
        return switch (stopReason) {
            case "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "max_tokens" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }
}
