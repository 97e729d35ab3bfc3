package io.inferline.simulators.alibaba;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.ChatPrompt;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /compatible-mode/v1/chat/completions}: the OpenAI-compatible chat of Qwen models, what it refuses
 * and what it answers. Refusals carry the compatible-mode error code in {@link InvalidRequest#param()}.
 */
final class CompatibleChat {

    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");
    private static final Set<String> FORMATS = Set.of("text", "json_object", "json_schema");
    static final String INVALID_PARAMETER = "invalid_parameter_error";

    private CompatibleChat() {
    }

    /** Validates the body; returns its model, which must be a known chat model. */
    static String check(JsonNode body, Set<String> models) {
        String model = Json.text(body, "model");
        if (model == null || model.isBlank()) {
            throw bad("Model not specified: 'model' is required.");
        }
        if (!models.contains(model) || AlibabaSimulator.kindOf(model) != AlibabaSimulator.Kind.CHAT) {
            throw new InvalidRequest(404, "The model `" + model + "` does not exist or you do not have access to it.", "model_not_found");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw bad("'messages' must be a non-empty array.");
        }
        for (int i = 0; i < messages.size(); i++) {
            checkMessage(messages.get(i), "messages[" + i + "]");
        }
        if (body.path("stream").asBoolean(false)) {
            throw bad("The simulator does not stream: 'stream' must be false or absent.");
        }
        if (body.path("enable_thinking").asBoolean(false)) {
            // as the real API answers thinking-mode calls that do not stream
            throw bad("parameter.enable_thinking must be set to false for non-streaming calls");
        }
        integer(body, "max_tokens", 1);
        integer(body, "seed", 0);
        number(body, "temperature", 0, 2);
        number(body, "top_p", 0, 1);
        stops(body);
        JsonNode tools = body.get("tools");
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw bad("'tools' must be an array.");
            }
            for (int i = 0; i < tools.size(); i++) {
                JsonNode function = tools.get(i).path("function");
                if (!"function".equals(Json.text(tools.get(i), "type")) || Json.text(function, "name") == null) {
                    throw bad("tools[" + i + "] must be {\"type\":\"function\",\"function\":{\"name\":...}}.");
                }
            }
        }
        JsonNode format = body.get("response_format");
        if (format != null && !format.isNull() && !FORMATS.contains(Json.text(format, "type") == null ? "" : Json.text(format, "type"))) {
            throw bad("'response_format.type' must be text, json_object or json_schema.");
        }
        return model;
    }

    static ObjectNode answer(JsonNode body) {
        String model = body.get("model").asText();
        ChatPrompt prompt = ChatPrompt.of(body, ChatPrompt::text);
        int promptTokens = prompt.tokens();
        ObjectNode message = Json.object().put("role", "assistant");
        String finish;
        int completionTokens;
        if (prompt.calledFunction() != null) {
            JsonNode function = prompt.calledFunction();
            String arguments = prompt.toolArguments();
            message.put("content", "");
            ObjectNode call = message.putArray("tool_calls").addObject().put("index", 0)
                    .put("id", "call_" + UUID.randomUUID().toString().replace("-", "")).put("type", "function");
            call.putObject("function").put("name", function.get("name").asText()).put("arguments", arguments);
            finish = "tool_calls";
            completionTokens = Replies.tokens(arguments) + 5;
        } else {
            Integer max = Json.has(body, "max_tokens") ? Integer.valueOf(body.get("max_tokens").asInt()) : null;
            boolean json = !"text".equals(body.path("response_format").path("type").asText("text"));
            Replies.Generation reply = Replies.generate(model, prompt.lastUser(), max, stops(body), json);
            message.put("content", reply.text());
            finish = reply.stop() == Replies.Stop.MAX_TOKENS ? "length" : "stop";
            completionTokens = reply.outputTokens();
        }
        ObjectNode answer = Json.object();
        ObjectNode choice = answer.putArray("choices").addObject();
        choice.set("message", message);
        choice.put("finish_reason", finish).put("index", 0).putNull("logprobs");
        answer.put("object", "chat.completion");
        ObjectNode usage = answer.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        int cached = Replies.cachedTokens(promptTokens);
        if (cached > 0) {
            // only prompts long enough for the context cache report the cached part
            usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
        }
        answer.put("created", System.currentTimeMillis() / 1000).putNull("system_fingerprint").put("model", model)
                .put("id", "chatcmpl-" + UUID.randomUUID());
        return answer;
    }

    private static void checkMessage(JsonNode message, String at) {
        if (!message.isObject()) {
            throw bad("'" + at + "' must be an object.");
        }
        String role = Json.text(message, "role");
        if (role == null || !ROLES.contains(role)) {
            throw bad("'" + at + ".role' must be one of system, user, assistant, tool.");
        }
        JsonNode content = message.get("content");
        boolean callsTools = "assistant".equals(role) && message.path("tool_calls").isArray() && !message.get("tool_calls").isEmpty();
        if ((content == null || content.isNull()) && !callsTools) {
            throw bad("'" + at + ".content' is required.");
        }
        if (content != null && !content.isNull() && !content.isTextual() && !content.isArray()) {
            throw bad("'" + at + ".content' must be a string or an array of content parts.");
        }
        if ("tool".equals(role) && Json.text(message, "tool_call_id") == null) {
            throw bad("'" + at + ".tool_call_id' is required for tool messages.");
        }
    }

    private static void integer(JsonNode body, String field, long min) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull() && (!value.isIntegralNumber() || value.asLong() < min)) {
            throw bad("'" + field + "' must be an integer of at least " + min + ".");
        }
    }

    private static void number(JsonNode body, String field, double min, double max) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull() && (!value.isNumber() || value.asDouble() < min || value.asDouble() > max)) {
            throw bad("'" + field + "' must be a number from " + min + " to " + max + ".");
        }
    }

    private static List<String> stops(JsonNode body) {
        JsonNode stop = body.get("stop");
        List<String> stops = new ArrayList<>();
        if (stop == null || stop.isNull()) {
            return stops;
        }
        if (stop.isTextual()) {
            stops.add(stop.asText());
            return stops;
        }
        if (!stop.isArray()) {
            throw bad("'stop' must be a string or an array of strings.");
        }
        for (JsonNode entry : stop) {
            if (!entry.isTextual()) {
                throw bad("'stop' must be a string or an array of strings.");
            }
            stops.add(entry.asText());
        }
        return stops;
    }

    private static InvalidRequest bad(String message) {
        return new InvalidRequest(400, message, INVALID_PARAMETER);
    }
}
