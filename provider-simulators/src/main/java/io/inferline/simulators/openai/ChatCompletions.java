package io.inferline.simulators.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.ChatPrompt;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code POST /v1/chat/completions}: what it refuses and what it answers. */
final class ChatCompletions {

    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    private static final Set<String> FORMATS = Set.of("text", "json_object", "json_schema");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private ChatCompletions() {
    }

    /** Validates the whole request; returns its (known) model. */
    static String model(JsonNode body, OpenAiSimulator provider) {
        if (!Json.has(body, "model")) {
            throw new InvalidRequest(400, "you must provide a model parameter", "model");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw new InvalidRequest(400, "Missing required parameter: 'messages'.", "messages");
        }
        if (!messages.isArray() || messages.size() == 0) {
            throw new InvalidRequest(400, "Invalid 'messages': expected a non-empty array.", "messages");
        }
        Set<String> pendingCalls = new LinkedHashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            checkMessage(messages.get(i), "messages[" + i + "]", pendingCalls);
        }
        if (!pendingCalls.isEmpty()) {
            throw unanswered(pendingCalls);
        }
        String model = provider.knownModel(body, false);
        if (Json.has(body, "max_tokens") && Params.reasoningModel(model)) {
            throw new InvalidRequest(400, "Unsupported parameter: 'max_tokens' is not supported with this model. "
                    + "Use 'max_completion_tokens' instead.", "max_tokens");
        }
        Params.optionalInt(body, "max_tokens", 1);
        Params.optionalInt(body, "max_completion_tokens", 1);
        Params.optionalInt(body, "seed", Integer.MIN_VALUE);
        Params.sampling(body, "temperature", 2, model);
        Params.sampling(body, "top_p", 1, model);
        Params.stops(body);
        checkTools(body.get("tools"));
        JsonNode format = body.get("response_format");
        if (format != null && !format.isNull()) {
            String type = Json.text(format, "type");
            if (type == null || !FORMATS.contains(type)) {
                throw new InvalidRequest(400, "Invalid value for 'response_format.type': expected one of text, json_object, json_schema.",
                        "response_format.type");
            }
            if (type.equals("json_object") && !mentionsJson(messages)) {
                throw new InvalidRequest(400, "'messages' must contain the word 'json' in some form, to use 'response_format' "
                        + "of type 'json_object'.", "messages");
            }
        }
        return model;
    }

    static ObjectNode answer(JsonNode body) {
        String model = body.get("model").asText();
        ChatPrompt prompt = ChatPrompt.of(body, ChatCompletions::text);
        int promptTokens = prompt.tokens();
        int cached = Replies.cachedTokens(promptTokens);

        ObjectNode message = Json.object().put("role", "assistant");
        String finish;
        int completionTokens;
        if (prompt.calledFunction() != null) {
            JsonNode function = prompt.calledFunction();
            String arguments = prompt.toolArguments();
            message.putNull("content");
            ObjectNode call = message.putArray("tool_calls").addObject().put("id", Replies.id("call_")).put("type", "function");
            call.putObject("function").put("name", function.get("name").asText()).put("arguments", arguments);
            finish = "tool_calls";
            completionTokens = Replies.tokens(arguments) + 5;
        } else {
            Integer max = Json.has(body, "max_completion_tokens") ? Integer.valueOf(body.get("max_completion_tokens").asInt())
                    : Json.has(body, "max_tokens") ? Integer.valueOf(body.get("max_tokens").asInt()) : null;
            String format = body.path("response_format").path("type").asText("text");
            Replies.Generation reply = Replies.generate(model, prompt.lastUser(), max, Params.stops(body), !format.equals("text"));
            message.put("content", reply.text());
            finish = reply.stop() == Replies.Stop.MAX_TOKENS ? "length" : "stop";
            completionTokens = reply.outputTokens();
        }
        message.putNull("refusal");
        ObjectNode answer = Json.object()
                .put("id", Replies.id("chatcmpl-"))
                .put("object", "chat.completion")
                .put("created", OpenAiSimulator.now())
                .put("model", model);
        ObjectNode choice = answer.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finish);
        ObjectNode usage = answer.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        usage.putObject("prompt_tokens_details").put("cached_tokens", cached).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0);
        return answer;
    }

    private static void checkMessage(JsonNode message, String at, Set<String> pendingCalls) {
        if (!message.isObject()) {
            throw new InvalidRequest(400, "Invalid type for '" + at + "': expected an object, but got " + Params.kind(message) + " instead.", at);
        }
        String role = Params.requiredText(message, "role", at + ".role");
        if (!ROLES.contains(role)) {
            throw new InvalidRequest(400, "Invalid value: '" + role + "'. Supported values are: 'system', 'assistant', 'user', "
                    + "'function', 'tool', and 'developer'.", at + ".role");
        }
        if (!role.equals("tool") && !pendingCalls.isEmpty()) {
            throw unanswered(pendingCalls);
        }
        JsonNode content = message.get("content");
        boolean hasCalls = role.equals("assistant") && message.path("tool_calls").isArray() && message.get("tool_calls").size() > 0;
        if ((content == null || content.isNull()) && !hasCalls) {
            throw new InvalidRequest(400, "Missing required parameter: '" + at + ".content'.", at + ".content");
        }
        if (content != null && !content.isNull() && !content.isTextual()) {
            checkParts(content, at + ".content");
        }
        if (hasCalls) {
            JsonNode calls = message.get("tool_calls");
            for (int i = 0; i < calls.size(); i++) {
                String callAt = at + ".tool_calls[" + i + "]";
                JsonNode call = calls.get(i);
                pendingCalls.add(Params.requiredText(call, "id", callAt + ".id"));
                if (!"function".equals(Json.text(call, "type"))) {
                    throw new InvalidRequest(400, "Missing required parameter: '" + callAt + ".type'.", callAt + ".type");
                }
                JsonNode function = call.path("function");
                Params.requiredText(function, "name", callAt + ".function.name");
                Params.requiredText(function, "arguments", callAt + ".function.arguments");
            }
        }
        if (role.equals("tool")) {
            String id = Params.requiredText(message, "tool_call_id", at + ".tool_call_id");
            if (!pendingCalls.remove(id)) {
                throw new InvalidRequest(400, "Invalid parameter: messages with role 'tool' must be a response to a preceeding "
                        + "message with 'tool_calls'.", at + ".role");
            }
        }
    }

    private static void checkParts(JsonNode content, String at) {
        if (!content.isArray()) {
            throw new InvalidRequest(400, "Invalid type for '" + at + "': expected one of a string or array of objects, but got "
                    + Params.kind(content) + " instead.", at);
        }
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = Params.requiredText(part, "type", at + "[" + i + "].type");
            if (type.equals("text")) {
                Params.requiredText(part, "text", at + "[" + i + "].text");
            }
        }
    }

    private static void checkTools(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return;
        }
        if (!tools.isArray()) {
            throw new InvalidRequest(400, "Invalid type for 'tools': expected an array.", "tools");
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (!"function".equals(Json.text(tool, "type"))) {
                throw new InvalidRequest(400, "Missing required parameter: 'tools[" + i + "].type'.", "tools[" + i + "].type");
            }
            if (!tool.path("function").isObject()) {
                throw new InvalidRequest(400, "Missing required parameter: 'tools[" + i + "].function'.", "tools[" + i + "].function");
            }
            String name = Params.requiredText(tool.get("function"), "name", "tools[" + i + "].function.name");
            if (!FUNCTION_NAME.matcher(name).matches()) {
                throw new InvalidRequest(400, "Invalid 'tools[" + i + "].function.name': string does not match pattern. "
                        + "Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.", "tools[" + i + "].function.name");
            }
        }
    }

    private static InvalidRequest unanswered(Set<String> pendingCalls) {
        return new InvalidRequest(400, "An assistant message with 'tool_calls' must be followed by tool messages responding to "
                + "each 'tool_call_id'. The following tool_call_ids did not have response messages: "
                + String.join(", ", pendingCalls), "messages");
    }

    private static boolean mentionsJson(JsonNode messages) {
        for (JsonNode message : messages) {
            if (text(message.get("content")).toLowerCase(Locale.ROOT).contains("json")) {
                return true;
            }
        }
        return false;
    }

    /** The text of a content value: the string itself, or its text parts joined. */
    static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (part.has("text")) {
                text.append(part.get("text").asText());
            }
        }
        return text.toString();
    }
}
