package io.inferline.simulators.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code POST /v2/chat}: what Cohere refuses (400 "invalid request: ...") and what it answers. */
final class CohereChat {

    /**
     * Tokens Cohere's prompt template adds around the messages: they are processed ({@code usage.tokens}) but not
     * billed ({@code usage.billed_units}), as in the reference's example (71 processed, 5 billed).
     */
    static final int TEMPLATE_TOKENS = 64;

    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    private CohereChat() {
    }

    static void check(JsonNode body) {
        String model = Json.text(body, "model");
        if (model == null || model.isEmpty()) {
            throw bad("model is required");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw bad("messages must be a non-empty list");
        }
        Set<String> calls = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            checkMessage(messages.get(i), i, calls);
        }
        if (body.path("stream").asBoolean(false)) {
            throw bad("the simulator does not stream: stream must be false or absent");
        }
        JsonNode temperature = body.get("temperature");
        if (temperature != null && (!temperature.isNumber() || temperature.asDouble() < 0)) {
            throw bad("temperature must be a non-negative number");
        }
        JsonNode p = body.get("p");
        if (p != null && (!p.isNumber() || p.asDouble() < 0.01 || p.asDouble() > 0.99)) {
            throw bad("p must be between 0.01 and 0.99");
        }
        JsonNode k = body.get("k");
        if (k != null && (!k.isIntegralNumber() || k.asInt() < 0 || k.asInt() > 500)) {
            throw bad("k must be between 0 and 500");
        }
        JsonNode maxTokens = body.get("max_tokens");
        if (maxTokens != null && (!maxTokens.isIntegralNumber() || maxTokens.asLong() < 1)) {
            throw bad("max_tokens must be a positive integer");
        }
        JsonNode seed = body.get("seed");
        if (seed != null && !seed.isIntegralNumber()) {
            throw bad("seed must be an integer");
        }
        stops(body);
        JsonNode tools = body.get("tools");
        if (tools != null) {
            if (!tools.isArray()) {
                throw bad("tools must be a list");
            }
            for (int i = 0; i < tools.size(); i++) {
                JsonNode tool = tools.get(i);
                if (!"function".equals(Json.text(tool, "type")) || Json.text(tool.path("function"), "name") == null) {
                    throw bad("tools[" + i + "] must be {\"type\":\"function\",\"function\":{\"name\":...}}");
                }
            }
        }
        JsonNode format = body.get("response_format");
        if (format != null) {
            String type = Json.text(format, "type");
            if (!"text".equals(type) && !"json_object".equals(type)) {
                throw bad("response_format.type must be one of text, json_object");
            }
            if ("json_object".equals(type) && tools != null && tools.size() > 0) {
                throw bad("response_format is not supported with tools");
            }
        }
    }

    private static void checkMessage(JsonNode message, int index, Set<String> calls) {
        String role = Json.text(message, "role");
        if (role == null || !ROLES.contains(role)) {
            throw bad("messages[" + index + "].role must be one of system, user, assistant, tool");
        }
        JsonNode content = message.get("content");
        boolean hasContent = content != null && (content.isTextual() || content.isArray());
        switch (role) {
            case "assistant" -> {
                JsonNode toolCalls = message.get("tool_calls");
                if (!hasContent && (toolCalls == null || toolCalls.isEmpty())) {
                    throw bad("messages[" + index + "]: an assistant message needs content or tool_calls");
                }
                if (toolCalls != null) {
                    for (JsonNode call : toolCalls) {
                        String id = Json.text(call, "id");
                        if (id == null || Json.text(call.path("function"), "name") == null
                                || Json.text(call.path("function"), "arguments") == null) {
                            throw bad("messages[" + index + "].tool_calls need id, function.name and function.arguments (a string)");
                        }
                        calls.add(id);
                    }
                }
            }
            case "tool" -> {
                String id = Json.text(message, "tool_call_id");
                if (id == null || !calls.contains(id)) {
                    throw bad("messages[" + index + "].tool_call_id must name a tool call of an earlier assistant message");
                }
                if (!hasContent) {
                    throw bad("messages[" + index + "].content is required");
                }
            }
            default -> {
                if (!hasContent || text(content).isEmpty()) {
                    throw bad("message must not be empty in a turn");
                }
            }
        }
    }

    static ObjectNode answer(JsonNode body) {
        String model = body.get("model").asText();
        JsonNode messages = body.get("messages");
        int inputTokens = 0;
        String lastUser = "";
        for (JsonNode message : messages) {
            String text = text(message.get("content"));
            inputTokens += Replies.tokens(text) + (message.has("tool_calls") ? Replies.tokens(message.get("tool_calls").toString()) : 0);
            if ("user".equals(Json.text(message, "role"))) {
                lastUser = text;
            }
        }
        JsonNode tools = body.get("tools");
        if (tools != null) {
            inputTokens += Replies.tokens(tools.toString());
        }
        boolean lastIsUser = "user".equals(Json.text(messages.get(messages.size() - 1), "role"));
        ObjectNode message = Json.object().put("role", "assistant");
        String finish;
        int outputTokens;
        if (tools != null && tools.size() > 0 && lastIsUser && Replies.wantsToolCall(lastUser)) {
            JsonNode function = tools.get(0).get("function");
            String name = function.get("name").asText();
            String arguments = Json.write(Replies.toolArguments(function.get("parameters"), lastUser));
            message.put("tool_plan", "I will call " + name + " to answer this.");
            ObjectNode call = message.putArray("tool_calls").addObject()
                    .put("id", name + "_" + UUID.randomUUID().toString().substring(0, 12)).put("type", "function");
            call.putObject("function").put("name", name).put("arguments", arguments);
            finish = "TOOL_CALL";
            outputTokens = Replies.tokens(arguments) + Replies.tokens(message.get("tool_plan").asText());
        } else {
            Integer max = body.path("max_tokens").isIntegralNumber() ? Integer.valueOf(body.get("max_tokens").asInt()) : null;
            boolean json = "json_object".equals(body.path("response_format").path("type").asText());
            Replies.Generation reply = Replies.generate(model, lastUser, max, stops(body), json);
            message.putArray("content").addObject().put("type", "text").put("text", reply.text());
            finish = switch (reply.stop()) {
                case MAX_TOKENS -> "MAX_TOKENS";
                case STOP_SEQUENCE -> "STOP_SEQUENCE";
                case COMPLETE -> "COMPLETE";
            };
            outputTokens = reply.outputTokens();
        }
        ObjectNode answer = Json.object().put("id", UUID.randomUUID().toString());
        answer.set("message", message);
        answer.put("finish_reason", finish);
        ObjectNode usage = answer.putObject("usage");
        usage.putObject("billed_units").put("input_tokens", inputTokens).put("output_tokens", outputTokens);
        int processed = inputTokens + TEMPLATE_TOKENS;
        usage.putObject("tokens").put("input_tokens", processed).put("output_tokens", outputTokens);
        usage.put("cached_tokens", Replies.cachedTokens(processed));
        return answer;
    }

    private static List<String> stops(JsonNode body) {
        List<String> stops = new ArrayList<>();
        JsonNode sequences = body.get("stop_sequences");
        if (sequences == null) {
            return stops;
        }
        if (!sequences.isArray() || sequences.size() > 5) {
            throw bad("stop_sequences must be a list of at most 5 strings");
        }
        for (JsonNode sequence : sequences) {
            if (!sequence.isTextual()) {
                throw bad("stop_sequences must be a list of at most 5 strings");
            }
            stops.add(sequence.asText());
        }
        return stops;
    }

    /** A content value's text: the string, or its text parts joined. */
    static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : (ArrayNode) content) {
            text.append(part.path("text").asText(""));
        }
        return text.toString();
    }

    static InvalidRequest bad(String problem) {
        return new InvalidRequest(400, "invalid request: " + problem);
    }
}
