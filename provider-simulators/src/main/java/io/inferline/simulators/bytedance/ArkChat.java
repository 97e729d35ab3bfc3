package io.inferline.simulators.bytedance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.ChatPrompt;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /api/v3/chat/completions}: Doubao/Seed chat in the OpenAI shape. Seed models think unless
 * {@code thinking.type} is {@code disabled}: the answer then carries {@code reasoning_content}, and its tokens are part
 * of {@code completion_tokens} (and counted again in {@code completion_tokens_details.reasoning_tokens}).
 */
final class ArkChat {

    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");
    private static final Set<String> THINKING = Set.of("enabled", "disabled", "auto");
    private static final Set<String> FORMATS = Set.of("text", "json_object", "json_schema");

    private ArkChat() {
    }

    static void check(JsonNode body) {
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw ArkRefusal.missing("messages");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw ArkRefusal.invalid("messages", "The parameter messages specified in the request are not valid: expected a non-empty array.");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String at = "messages." + i;
            String role = Json.text(message, "role");
            if (role == null || !ROLES.contains(role)) {
                throw ArkRefusal.invalid(at + ".role", "The parameter " + at + ".role specified in the request are not valid.");
            }
            JsonNode content = message.get("content");
            boolean callsTools = message.path("tool_calls").isArray() && !message.get("tool_calls").isEmpty();
            if ((content == null || content.isNull()) && !callsTools) {
                throw ArkRefusal.missing(at + ".content");
            }
            if ("tool".equals(role) && Json.text(message, "tool_call_id") == null) {
                throw ArkRefusal.missing(at + ".tool_call_id");
            }
        }
        if (body.path("stream").asBoolean(false)) {
            throw ArkRefusal.invalid("stream", "The simulator does not stream: stream must be false or absent.");
        }
        JsonNode maxTokens = body.get("max_tokens");
        if (maxTokens != null && !maxTokens.isNull() && (!maxTokens.isIntegralNumber() || maxTokens.asLong() < 1)) {
            throw ArkRefusal.invalid("max_tokens", "The parameter max_tokens specified in the request are not valid: expected a positive integer.");
        }
        range(body, "temperature", 0, 2);
        range(body, "top_p", 0, 1);
        JsonNode thinking = body.get("thinking");
        if (thinking != null && !thinking.isNull() && !THINKING.contains(thinking.path("type").asText(""))) {
            throw ArkRefusal.invalid("thinking.type", "The parameter thinking.type specified in the request are not valid: "
                    + "expected enabled, disabled or auto.");
        }
        JsonNode format = body.get("response_format");
        if (format != null && !format.isNull() && !FORMATS.contains(format.path("type").asText(""))) {
            throw ArkRefusal.invalid("response_format.type", "The parameter response_format.type specified in the request are not valid.");
        }
        JsonNode tools = body.get("tools");
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw ArkRefusal.invalid("tools", "The parameter tools specified in the request are not valid.");
            }
            for (int i = 0; i < tools.size(); i++) {
                if (!"function".equals(Json.text(tools.get(i), "type")) || Json.text(tools.get(i).path("function"), "name") == null) {
                    throw ArkRefusal.invalid("tools." + i, "The parameter tools." + i + " specified in the request are not valid.");
                }
            }
        }
        stops(body);
    }

    static ObjectNode answer(JsonNode body, String id) {
        String model = body.get("model").asText();
        ChatPrompt prompt = ChatPrompt.of(body, ChatPrompt::text);
        int promptTokens = prompt.tokens();
        String lastUser = prompt.lastUser();
        boolean thinks = !"disabled".equals(body.path("thinking").path("type").asText("enabled"));
        ObjectNode message = Json.object();
        String finish;
        int completionTokens;
        if (prompt.calledFunction() != null) {
            JsonNode function = prompt.calledFunction();
            String arguments = prompt.toolArguments();
            message.put("content", "");
            ObjectNode call = message.putArray("tool_calls").addObject().put("id", Replies.id("call_")).put("type", "function");
            call.putObject("function").put("name", function.get("name").asText()).put("arguments", arguments);
            finish = "tool_calls";
            completionTokens = Replies.tokens(arguments) + 5;
        } else {
            Integer max = body.path("max_tokens").isIntegralNumber() ? Integer.valueOf(body.get("max_tokens").asInt()) : null;
            boolean json = !"text".equals(body.path("response_format").path("type").asText("text"));
            Replies.Generation reply = Replies.generate(model, lastUser, max, stops(body), json);
            message.put("content", reply.text());
            finish = reply.stop() == Replies.Stop.MAX_TOKENS ? "length" : "stop";
            completionTokens = reply.outputTokens();
        }
        int reasoningTokens = 0;
        if (thinks) {
            String reasoning = "simulated reasoning: the user asked about " + (lastUser.length() > 40 ? lastUser.substring(0, 40) : lastUser);
            message.put("reasoning_content", reasoning);
            reasoningTokens = Replies.tokens(reasoning);
        }
        message.put("role", "assistant");
        completionTokens += reasoningTokens;
        ObjectNode answer = Json.object();
        ObjectNode choice = answer.putArray("choices").addObject().put("finish_reason", finish).put("index", 0);
        choice.putNull("logprobs");
        choice.set("message", message);
        answer.put("created", System.currentTimeMillis() / 1000).put("id", id).put("model", model)
                .put("service_tier", "default").put("object", "chat.completion");
        ObjectNode usage = answer.putObject("usage").put("completion_tokens", completionTokens).put("prompt_tokens", promptTokens)
                .put("total_tokens", promptTokens + completionTokens);
        usage.putObject("prompt_tokens_details").put("cached_tokens", Replies.cachedTokens(promptTokens));
        usage.putObject("completion_tokens_details").put("reasoning_tokens", reasoningTokens);
        return answer;
    }

    private static void range(JsonNode body, String field, double min, double max) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull() && (!value.isNumber() || value.asDouble() < min || value.asDouble() > max)) {
            throw ArkRefusal.invalid(field, "The parameter " + field + " specified in the request are not valid: expected a number from "
                    + min + " to " + max + ".");
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
            throw ArkRefusal.invalid("stop", "The parameter stop specified in the request are not valid.");
        }
        stop.forEach(entry -> stops.add(entry.asText()));
        return stops;
    }
}
