package io.inferline.simulators.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import java.util.ArrayList;
import java.util.List;

/** The answer to a valid Messages request. */
final class MessagesAnswer {

    private MessagesAnswer() {
    }

    static ObjectNode answer(JsonNode body) {
        String model = body.get("model").asText();
        JsonNode messages = body.get("messages");
        int promptTokens = Replies.tokens(text(body.get("system")));
        String lastUser = "";
        for (JsonNode message : messages) {
            String text = text(message.get("content"));
            promptTokens += Replies.tokens(text) + Replies.tokens(toolPayload(message.get("content")));
            if (message.get("role").asText().equals("user")) {
                lastUser = text;
            }
        }
        JsonNode last = messages.get(messages.size() - 1);
        boolean asksUser = last.get("role").asText().equals("user") && !hasToolResult(last.get("content"));
        JsonNode tool = firstCustomTool(body.get("tools"));
        if (body.has("tools")) {
            promptTokens += Replies.tokens(body.get("tools").toString());
        }
        int cached = Replies.cachedTokens(promptTokens);

        ObjectNode answer = Json.object()
                .put("id", Replies.id("msg_"))
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model);
        ArrayNode content = answer.putArray("content");
        int outputTokens;
        if (tool != null && asksUser && Replies.wantsToolCall(lastUser)) {
            String preface = "Let me look that up.";
            content.addObject().put("type", "text").put("text", preface);
            ObjectNode use = content.addObject().put("type", "tool_use").put("id", Replies.id("toolu_"))
                    .put("name", tool.get("name").asText());
            use.set("input", Replies.toolArguments(tool.get("input_schema"), lastUser));
            answer.put("stop_reason", "tool_use").putNull("stop_sequence");
            outputTokens = Replies.tokens(preface) + Replies.tokens(use.get("input").toString()) + 5;
        } else {
            List<String> stops = new ArrayList<>();
            body.path("stop_sequences").forEach(s -> stops.add(s.asText()));
            Replies.Generation reply = Replies.generate(model, lastUser, body.get("max_tokens").asInt(), stops, false);
            content.addObject().put("type", "text").put("text", reply.text());
            answer.put("stop_reason", switch (reply.stop()) {
                case COMPLETE -> "end_turn";
                case MAX_TOKENS -> "max_tokens";
                case STOP_SEQUENCE -> "stop_sequence";
            });
            answer.put("stop_sequence", reply.stopSequence());
            outputTokens = reply.outputTokens();
        }
        answer.putObject("usage")
                .put("input_tokens", promptTokens - cached)
                .put("cache_creation_input_tokens", 0)
                .put("cache_read_input_tokens", cached)
                .put("output_tokens", outputTokens)
                .put("service_tier", "standard");
        return answer;
    }

    /** The text of a content value: the string, or its text blocks (and string tool results) joined. */
    private static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if (block.has("text")) {
                text.append(block.get("text").asText());
            }
        }
        return text.toString();
    }

    private static String toolPayload(JsonNode content) {
        StringBuilder payload = new StringBuilder();
        if (content != null && content.isArray()) {
            for (JsonNode block : content) {
                if (block.has("input")) {
                    payload.append(block.get("input"));
                }
                if (block.has("content")) {
                    payload.append(block.get("content"));
                }
            }
        }
        return payload.toString();
    }

    private static boolean hasToolResult(JsonNode content) {
        if (content != null && content.isArray()) {
            for (JsonNode block : content) {
                if ("tool_result".equals(Json.text(block, "type"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode firstCustomTool(JsonNode tools) {
        if (tools != null && tools.isArray()) {
            for (JsonNode tool : tools) {
                if (tool.has("input_schema")) {
                    return tool;
                }
            }
        }
        return null;
    }
}
