package io.inferline.simulators.minimax;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /v1/text/chatcompletion_v2}: the OpenAI shape with MiniMax's ranges (temperature and top_p in
 * (0, 1]) and {@code max_completion_tokens} (the deprecated {@code max_tokens} still accepted). The answer carries
 * the reasoning apart, in {@code message.reasoning_content}, and its tokens in {@code completion_tokens}.
 */
final class MiniMaxChat {

    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool", "user_system", "group",
            "sample_message_user", "sample_message_ai");
    private static final String REASONING = "The user wrote a message; a short simulated reply answers it.";

    /** A valid chat call, read. */
    record Chat(String lastUserText, Integer maxTokens, JsonNode firstTool, int promptTokens) {
    }

    private MiniMaxChat() {
    }

    static Chat check(JsonNode body) {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw Refusal.invalid("messages must be a non-empty list");
        }
        String lastUser = null;
        int promptTokens = 0;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.isObject() ? Json.text(message, "role") : null;
            if (role == null || !ROLES.contains(role)) {
                throw Refusal.invalid("messages[" + i + "].role must be one of " + ROLES);
            }
            JsonNode content = message.get("content");
            boolean callsTools = message.path("tool_calls").isArray() && !message.path("tool_calls").isEmpty();
            if ((content == null || content.isNull()) && !(role.equals("assistant") && callsTools)) {
                throw Refusal.invalid("messages[" + i + "].content is required");
            }
            if (content != null && !content.isNull() && !content.isTextual() && !content.isArray()) {
                throw Refusal.invalid("messages[" + i + "].content must be a string or a list of parts");
            }
            if (role.equals("tool") && Json.text(message, "tool_call_id") == null) {
                throw Refusal.invalid("messages[" + i + "].tool_call_id is required for a tool message");
            }
            String text = content == null || !content.isTextual() ? "" : content.asText();
            promptTokens += Replies.tokens(text) + 4;
            if (role.equals("user")) {
                lastUser = text;
            }
        }
        range(body, "temperature");
        range(body, "top_p");
        Integer maxTokens = tokens(body, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = tokens(body, "max_tokens");
        }
        if (body.path("stream").asBoolean(false)) {
            throw Refusal.invalid("the simulator does not stream: stream must be false or absent");
        }
        JsonNode firstTool = null;
        JsonNode tools = body.get("tools");
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw Refusal.invalid("tools must be a list");
            }
            for (int i = 0; i < tools.size(); i++) {
                JsonNode function = tools.get(i).path("function");
                if (!"function".equals(tools.get(i).path("type").asText()) || !function.path("name").isTextual()) {
                    throw Refusal.invalid("tools[" + i + "] must be {\"type\":\"function\",\"function\":{\"name\",...}}");
                }
            }
            firstTool = tools.isEmpty() ? null : tools.get(0).get("function");
        }
        return new Chat(lastUser == null ? "" : lastUser, maxTokens, firstTool, promptTokens);
    }

    static ObjectNode answer(Chat chat, String model) {
        int reasoningTokens = Replies.tokens(REASONING);
        ObjectNode answer = Json.object();
        answer.put("id", Replies.id("mm"));
        ArrayNode choices = answer.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("name", "MiniMax AI");
        int outputTokens;
        if (chat.firstTool() != null && Replies.wantsToolCall(chat.lastUserText())) {
            message.put("content", "");
            ObjectNode call = message.putArray("tool_calls").addObject();
            call.put("id", Replies.id("call_function_"));
            call.put("type", "function");
            ObjectNode function = call.putObject("function");
            function.put("name", chat.firstTool().get("name").asText());
            function.put("arguments", Json.write(Replies.toolArguments(chat.firstTool().get("parameters"), chat.lastUserText())));
            outputTokens = Replies.tokens(function.get("arguments").asText());
            choice.put("finish_reason", "tool_calls");
        } else {
            Replies.Generation generation = Replies.generate(model, chat.lastUserText(), chat.maxTokens(), List.of(), false);
            message.put("content", generation.text());
            outputTokens = generation.outputTokens();
            choice.put("finish_reason", generation.stop() == Replies.Stop.MAX_TOKENS ? "length" : "stop");
        }
        message.put("reasoning_content", REASONING);
        answer.put("created", System.currentTimeMillis() / 1000);
        answer.put("model", model);
        answer.put("object", "chat.completion");
        ObjectNode usage = answer.putObject("usage");
        usage.put("total_tokens", chat.promptTokens() + outputTokens + reasoningTokens);
        usage.put("total_characters", 0);
        usage.put("prompt_tokens", chat.promptTokens());
        usage.put("completion_tokens", outputTokens + reasoningTokens);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", reasoningTokens);
        answer.put("input_sensitive", false);
        answer.put("output_sensitive", false);
        answer.put("input_sensitive_type", 0);
        answer.put("output_sensitive_type", 0);
        return MiniMaxSimulator.baseResp(answer, 0, "");
    }

    private static void range(JsonNode body, String field) {
        if (!Json.has(body, field)) {
            return;
        }
        JsonNode value = body.get(field);
        if (!value.isNumber() || value.asDouble() <= 0 || value.asDouble() > 1) {
            throw Refusal.invalid(field + " must be a number in (0, 1]");
        }
    }

    private static Integer tokens(JsonNode body, String field) {
        if (!Json.has(body, field)) {
            return null;
        }
        JsonNode value = body.get(field);
        if (!value.canConvertToExactIntegral() || value.asLong() < 1 || value.asLong() > Integer.MAX_VALUE) {
            throw Refusal.invalid(field + " must be a whole number of at least 1");
        }
        return value.asInt();
    }
}
