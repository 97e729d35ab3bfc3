package io.inferline.simulators.workersai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import java.util.List;
import java.util.Set;

/** Text generation models: {@code {messages}} or {@code {prompt}} in, {@code {response, usage}} out. */
final class TextGeneration {

    /** Workers AI's default when max_tokens is not given. */
    static final int DEFAULT_MAX_TOKENS = 256;

    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    private TextGeneration() {
    }

    static ObjectNode answer(String model, JsonNode body) {
        JsonNode messages = body.get("messages");
        JsonNode prompt = body.get("prompt");
        if ((messages == null) == (prompt == null)) {
            throw bad("exactly one of 'prompt' and 'messages' is required");
        }
        int promptTokens = 0;
        String lastUser;
        boolean lastIsUser;
        if (prompt != null) {
            if (!prompt.isTextual() || prompt.asText().isEmpty()) {
                throw bad("'prompt' must be a non-empty string");
            }
            lastUser = prompt.asText();
            promptTokens += Replies.tokens(lastUser);
            lastIsUser = true;
        } else {
            if (!messages.isArray() || messages.size() == 0) {
                throw bad("'messages' must be a non-empty array");
            }
            lastUser = "";
            lastIsUser = false;
            for (int i = 0; i < messages.size(); i++) {
                JsonNode message = messages.get(i);
                String role = Json.text(message, "role");
                if (role == null || !ROLES.contains(role)) {
                    throw bad("'messages[" + i + "].role' must be one of " + ROLES);
                }
                String content = Json.text(message, "content");
                if (content == null) {
                    throw bad("'messages[" + i + "].content' must be a string");
                }
                promptTokens += Replies.tokens(content);
                lastIsUser = role.equals("user");
                if (lastIsUser) {
                    lastUser = content;
                }
            }
        }
        int max = DEFAULT_MAX_TOKENS;
        JsonNode maxNode = body.get("max_tokens");
        if (maxNode != null && !maxNode.isNull()) {
            if (!maxNode.canConvertToExactIntegral() || maxNode.asLong() < 1) {
                throw bad("'max_tokens' must be a positive integer");
            }
            max = maxNode.asInt();
        }
        range(body, "temperature", 5);
        range(body, "top_p", 2);
        JsonNode seed = body.get("seed");
        if (seed != null && !seed.isNull() && !seed.canConvertToExactIntegral()) {
            throw bad("'seed' must be an integer");
        }
        JsonNode function = firstFunction(body.get("tools"));
        if (function != null) {
            promptTokens += Replies.tokens(body.get("tools").toString());
        }

        ObjectNode result = Json.object();
        int outputTokens;
        if (function != null && lastIsUser && Replies.wantsToolCall(lastUser)) {
            ObjectNode arguments = Replies.toolArguments(function.get("parameters"), lastUser);
            result.putNull("response");
            result.putArray("tool_calls").addObject().put("name", function.get("name").asText()).set("arguments", arguments);
            outputTokens = Replies.tokens(arguments.toString()) + 5;
        } else {
            Replies.Generation reply = Replies.generate(model, lastUser, max, List.of(), false);
            result.put("response", reply.text());
            outputTokens = reply.outputTokens();
        }
        result.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", outputTokens)
                .put("total_tokens", promptTokens + outputTokens);
        return result;
    }

    /** Tools come flat ({name, parameters}) or OpenAI-style ({type:"function", function:{...}}). */
    private static JsonNode firstFunction(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return null;
        }
        if (!tools.isArray()) {
            throw bad("'tools' must be an array");
        }
        for (JsonNode tool : tools) {
            JsonNode function = tool.has("function") ? tool.get("function") : tool;
            if (Json.text(function, "name") == null) {
                throw bad("every tool needs a 'name'");
            }
        }
        if (tools.size() == 0) {
            return null;
        }
        JsonNode first = tools.get(0);
        return first.has("function") ? first.get("function") : first;
    }

    private static void range(JsonNode body, String field, double max) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull() && (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > max)) {
            throw bad("'" + field + "' must be a number between 0 and " + (int) max);
        }
    }

    private static InvalidRequest bad(String detail) {
        return new InvalidRequest(400, "AiError: Bad input: " + detail);
    }
}
