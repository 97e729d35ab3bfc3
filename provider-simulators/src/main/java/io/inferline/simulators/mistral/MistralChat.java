package io.inferline.simulators.mistral;

import static io.inferline.simulators.mistral.Schema.child;
import static io.inferline.simulators.mistral.Schema.loc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import io.inferline.simulators.Replies;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** {@code POST /v1/chat/completions}: what Mistral refuses and what it answers. */
final class MistralChat {

    private static final Set<String> FIELDS = Set.of("model", "temperature", "top_p", "max_tokens", "stream", "stop",
            "random_seed", "metadata", "messages", "response_format", "tools", "tool_choice", "presence_penalty",
            "frequency_penalty", "n", "prediction", "parallel_tool_calls", "prompt_mode", "reasoning_effort", "guardrails",
            "prompt_cache_key", "safe_prompt");
    private static final Set<String> SYSTEM_FIELDS = Set.of("role", "content");
    private static final Set<String> USER_FIELDS = Set.of("role", "content");
    private static final Set<String> ASSISTANT_FIELDS = Set.of("role", "content", "tool_calls", "prefix");
    private static final Set<String> TOOL_FIELDS = Set.of("role", "content", "tool_call_id", "name");
    private static final Set<String> TOOL_CALL_FIELDS = Set.of("id", "type", "function", "index");
    private static final Set<String> FORMATS = new LinkedHashSet<>(List.of("text", "json_object", "json_schema"));
    // mistral-common accepts only these tool call ids, in history and in results
    private static final Pattern TOOL_CALL_ID = Pattern.compile("[a-zA-Z0-9]{9}");
    private static final AtomicLong CALL_IDS = new AtomicLong(36L * 36 * 36 * 36 * 36 * 36 * 36 * 36);

    private MistralChat() {
    }

    /** Validates the whole body (schema, then message rules); returns its model. */
    static String check(JsonNode body) {
        Schema.onlyFields(body, FIELDS, loc());
        String model = Schema.string(body, "model", loc());
        JsonNode messages = Schema.required(body, "messages", loc());
        if (!messages.isArray()) {
            throw new Unprocessable("list_type", loc("messages"), "Input should be a valid list");
        }
        for (int i = 0; i < messages.size(); i++) {
            checkMessage(messages.get(i), loc("messages", i));
        }
        Schema.number(body, "temperature", 0, 1.5, loc());
        Schema.number(body, "top_p", 0, 1, loc());
        Schema.integer(body, "max_tokens", 0, loc());
        Schema.integer(body, "random_seed", 0, loc());
        stops(body);
        JsonNode format = body.get("response_format");
        if (format != null && !format.isNull()) {
            Schema.onlyFields(format, Set.of("type", "json_schema"), loc("response_format"));
            Schema.oneOf(format, "type", FORMATS, loc("response_format"));
        }
        checkTools(body.get("tools"));
        if (body.path("stream").asBoolean(false)) {
            throw new InvalidRequest(400, "The simulator does not stream: 'stream' must be false or absent.");
        }
        checkOrder(messages);
        return model;
    }

    private static void checkMessage(JsonNode message, List<Object> at) {
        if (!message.isObject()) {
            throw new Unprocessable("model_type", at, "Input should be a valid dictionary or object");
        }
        JsonNode role = message.get("role");
        if (role == null || !role.isTextual()) {
            throw new Unprocessable("union_tag_not_found", at, "Unable to extract tag using discriminator 'role'");
        }
        String kind = role.asText();
        switch (kind) {
            case "system" -> {
                Schema.onlyFields(message, SYSTEM_FIELDS, child(at, "system"));
                content(message, child(at, "system"), false);
            }
            case "user" -> {
                Schema.onlyFields(message, USER_FIELDS, child(at, "user"));
                content(message, child(at, "user"), true);
            }
            case "assistant" -> {
                Schema.onlyFields(message, ASSISTANT_FIELDS, child(at, "assistant"));
                checkCalls(message.get("tool_calls"), child(child(at, "assistant"), "tool_calls"));
            }
            case "tool" -> {
                Schema.onlyFields(message, TOOL_FIELDS, child(at, "tool"));
                content(message, child(at, "tool"), true);
            }
            default -> throw new Unprocessable("union_tag_invalid", at, "Input tag '" + kind
                    + "' found using 'role' does not match any of the expected tags: 'assistant', 'system', 'tool', 'user'");
        }
    }

    private static void content(JsonNode message, List<Object> at, boolean nullable) {
        JsonNode content = Schema.required(message, "content", at);
        if (!(content.isTextual() || content.isArray() || (nullable && content.isNull()))) {
            throw new Unprocessable("string_type", child(at, "content"), "Input should be a valid string");
        }
    }

    private static void checkCalls(JsonNode calls, List<Object> at) {
        if (calls == null || calls.isNull()) {
            return;
        }
        if (!calls.isArray()) {
            throw new Unprocessable("list_type", at, "Input should be a valid list");
        }
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            Schema.onlyFields(call, TOOL_CALL_FIELDS, child(at, i));
            JsonNode function = Schema.required(call, "function", child(at, i));
            Schema.onlyFields(function, Set.of("name", "arguments"), child(child(at, i), "function"));
            Schema.string(function, "name", child(child(at, i), "function"));
            Schema.required(function, "arguments", child(child(at, i), "function"));
        }
    }

    private static void checkTools(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return;
        }
        if (!tools.isArray()) {
            throw new Unprocessable("list_type", loc("tools"), "Input should be a valid list");
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            Schema.onlyFields(tool, Set.of("type", "function"), loc("tools", i));
            Schema.oneOf(tool, "type", Set.of("function"), loc("tools", i));
            JsonNode function = Schema.required(tool, "function", loc("tools", i));
            List<Object> at = loc("tools", i, "function");
            Schema.onlyFields(function, Set.of("name", "description", "strict", "parameters"), at);
            Schema.string(function, "name", at);
            if (!Schema.required(function, "parameters", at).isObject()) {
                throw new Unprocessable("dict_type", child(at, "parameters"), "Input should be a valid dictionary");
            }
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
            throw new Unprocessable("list_type", loc("stop"), "Input should be a valid list");
        }
        for (int i = 0; i < stop.size(); i++) {
            if (!stop.get(i).isTextual()) {
                throw new Unprocessable("string_type", loc("stop", i), "Input should be a valid string");
            }
            stops.add(stop.get(i).asText());
        }
        return stops;
    }

    // the rules mistral-common applies after the schema: tool call ids, and who may speak last
    private static void checkOrder(JsonNode messages) {
        if (messages.isEmpty()) {
            throw new InvalidRequest(400, "Conversation must have at least one message");
        }
        for (JsonNode message : messages) {
            for (JsonNode call : message.path("tool_calls")) {
                String id = call.path("id").asText("null");
                if (!TOOL_CALL_ID.matcher(id).matches()) {
                    throw new InvalidRequest(400, "Tool call id was " + id + " but must be a-z, A-Z, 0-9, with a length of 9.");
                }
            }
            String result = Json.text(message, "tool_call_id");
            if ("tool".equals(message.path("role").asText()) && result != null && !TOOL_CALL_ID.matcher(result).matches()) {
                throw new InvalidRequest(400, "Tool call id was " + result + " but must be a-z, A-Z, 0-9, with a length of 9.");
            }
        }
        JsonNode last = messages.get(messages.size() - 1);
        String role = last.path("role").asText();
        boolean prefix = "assistant".equals(role) && last.path("prefix").asBoolean(false);
        if (!role.equals("user") && !role.equals("tool") && !prefix) {
            throw new InvalidRequest(400, "Expected last role User or Tool (or Assistant with prefix True) for serving but got "
                    + role, "invalid_request_message_order");
        }
    }

    static ObjectNode answer(JsonNode body) {
        String model = body.get("model").asText();
        JsonNode messages = body.get("messages");
        int promptTokens = 0;
        String lastUser = "";
        for (JsonNode message : messages) {
            String text = text(message.get("content"));
            promptTokens += Replies.tokens(text) + Replies.tokens(message.path("tool_calls").isMissingNode() ? null
                    : message.get("tool_calls").toString());
            if ("user".equals(message.path("role").asText())) {
                lastUser = text;
            }
        }
        JsonNode tools = body.get("tools");
        if (tools != null && tools.isArray()) {
            promptTokens += Replies.tokens(tools.toString());
        }
        boolean lastIsUser = "user".equals(messages.get(messages.size() - 1).path("role").asText());
        ObjectNode message = Json.object().put("role", "assistant");
        String finish;
        int completionTokens;
        if (tools != null && tools.size() > 0 && lastIsUser && Replies.wantsToolCall(lastUser)
                && !"none".equals(body.path("tool_choice").asText(""))) {
            JsonNode function = tools.get(0).get("function");
            String arguments = Json.write(Replies.toolArguments(function.get("parameters"), lastUser));
            message.put("content", "");
            ObjectNode call = message.putArray("tool_calls").addObject().put("id", callId()).put("type", "function");
            call.putObject("function").put("name", function.get("name").asText()).put("arguments", arguments);
            call.put("index", 0);
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
        message.putNull("prefix");
        ObjectNode answer = Json.object()
                .put("id", Replies.id("cmpl-"))
                .put("object", "chat.completion")
                .put("model", model)
                .put("created", System.currentTimeMillis() / 1000);
        ObjectNode choice = answer.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finish);
        ObjectNode usage = answer.putObject("usage")
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        // the API caches only prompts that name a cache key
        if (Json.has(body, "prompt_cache_key")) {
            usage.putObject("prompt_tokens_details").put("cached_tokens", Replies.cachedTokens(promptTokens));
        }
        return answer;
    }

    /** The text of a content value: the string, or its text chunks joined. */
    static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : content) {
            text.append(chunk.path("text").asText(""));
        }
        return text.toString();
    }

    // nine base-36 characters, the only shape of id the API gives and takes
    private static String callId() {
        return Long.toString(CALL_IDS.incrementAndGet(), 36).toLowerCase(Locale.ROOT);
    }
}
