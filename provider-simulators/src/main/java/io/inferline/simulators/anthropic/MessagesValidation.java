package io.inferline.simulators.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/** The Messages API's refusals, with its wording ({@code field.path: problem}). */
final class MessagesValidation {

    private static final Set<String> FIELDS = Set.of("model", "messages", "max_tokens", "system", "temperature", "top_p",
            "top_k", "stop_sequences", "stream", "tools", "tool_choice", "metadata", "thinking", "service_tier",
            "container", "mcp_servers", "context_management");
    private static final Set<String> USER_BLOCKS = Set.of("text", "image", "document", "tool_result", "search_result");
    private static final Set<String> ASSISTANT_BLOCKS = Set.of("text", "tool_use", "thinking", "redacted_thinking",
            "server_tool_use", "web_search_tool_result");
    private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,128}");

    private MessagesValidation() {
    }

    static void check(JsonNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw bad(name + ": Extra inputs are not permitted");
            }
        }
        if (!Json.has(body, "model")) {
            throw bad("model: Field required");
        }
        if (!body.get("model").isTextual()) {
            throw bad("model: Input should be a valid string");
        }
        JsonNode maxTokens = body.get("max_tokens");
        if (maxTokens == null || maxTokens.isNull()) {
            throw bad("max_tokens: Field required");
        }
        if (!maxTokens.canConvertToExactIntegral() || !maxTokens.isNumber() || maxTokens.asLong() < 1) {
            throw bad("max_tokens: Input should be a valid integer greater than or equal to 1");
        }
        if (body.path("stream").asBoolean(false)) {
            throw bad("stream: the simulator does not stream; send stream false or omit it");
        }
        checkMessages(body.get("messages"));
        checkSystem(body.get("system"));
        range(body, "temperature", 1);
        range(body, "top_p", 1);
        if (Json.has(body, "top_k") && (!body.get("top_k").canConvertToExactIntegral() || body.get("top_k").asLong() < 0)) {
            throw bad("top_k: Input should be a valid integer greater than or equal to 0");
        }
        JsonNode stops = body.get("stop_sequences");
        if (stops != null && !stops.isNull()) {
            if (!stops.isArray()) {
                throw bad("stop_sequences: Input should be a valid list");
            }
            for (int i = 0; i < stops.size(); i++) {
                if (!stops.get(i).isTextual()) {
                    throw bad("stop_sequences." + i + ": Input should be a valid string");
                }
            }
        }
        checkTools(body.get("tools"));
    }

    private static void checkMessages(JsonNode messages) {
        if (messages == null || messages.isNull()) {
            throw bad("messages: Field required");
        }
        if (!messages.isArray()) {
            throw bad("messages: Input should be a valid list");
        }
        if (messages.size() == 0) {
            throw bad("messages: at least one message is required");
        }
        Set<String> pendingToolUses = new LinkedHashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String at = "messages." + i;
            String role = Json.text(message, "role");
            if (role == null) {
                throw bad(at + ".role: Field required");
            }
            if (role.equals("system")) {
                throw bad(at + ".role: Unexpected role \"system\". The Messages API accepts a top-level `system` parameter, "
                        + "not \"system\" as an input message role.");
            }
            if (!role.equals("user") && !role.equals("assistant")) {
                throw bad(at + ".role: Input should be 'user' or 'assistant'");
            }
            Set<String> answered = new LinkedHashSet<>();
            Set<String> used = new LinkedHashSet<>();
            checkContent(message.get("content"), at, role, answered, used);
            if (!pendingToolUses.isEmpty() && !answered.containsAll(pendingToolUses)) {
                pendingToolUses.removeAll(answered);
                throw bad(at + ": `tool_use` ids were found without `tool_result` blocks immediately after: "
                        + String.join(", ", pendingToolUses) + ". Each `tool_use` block must have a corresponding "
                        + "`tool_result` block in the next message.");
            }
            answered.removeAll(pendingToolUses);
            if (!answered.isEmpty()) {
                throw bad(at + ".content: unexpected `tool_use_id` found in `tool_result` blocks: " + String.join(", ", answered)
                        + ". Each `tool_result` block must have a corresponding `tool_use` block in the previous message.");
            }
            pendingToolUses = used;
        }
        if (!pendingToolUses.isEmpty()) {
            throw bad("messages: `tool_use` ids were found without `tool_result` blocks immediately after: "
                    + String.join(", ", pendingToolUses) + ".");
        }
    }

    private static void checkContent(JsonNode content, String at, String role, Set<String> answered, Set<String> used) {
        if (content == null || content.isNull()) {
            throw bad(at + ".content: Field required");
        }
        if (content.isTextual()) {
            if (content.asText().isEmpty() && role.equals("user")) {
                throw bad(at + ": user messages must have non-empty content");
            }
            return;
        }
        if (!content.isArray()) {
            throw bad(at + ".content: Input should be a valid string or list of content blocks");
        }
        for (int b = 0; b < content.size(); b++) {
            JsonNode block = content.get(b);
            String blockAt = at + ".content." + b;
            String type = Json.text(block, "type");
            if (type == null) {
                throw bad(blockAt + ".type: Field required");
            }
            if (!(role.equals("user") ? USER_BLOCKS : ASSISTANT_BLOCKS).contains(type)) {
                throw bad(blockAt + ".type: '" + type + "' blocks are not allowed in " + role + " messages");
            }
            switch (type) {
                case "text" -> {
                    String text = Json.text(block, "text");
                    if (text == null) {
                        throw bad(blockAt + ".text: Field required");
                    }
                    if (text.isEmpty()) {
                        throw bad(at + ": text content blocks must be non-empty");
                    }
                }
                case "tool_use" -> {
                    used.add(required(block, "id", blockAt));
                    required(block, "name", blockAt);
                    if (!block.path("input").isObject()) {
                        throw bad(blockAt + ".input: Input should be a valid dictionary");
                    }
                }
                case "tool_result" -> {
                    answered.add(required(block, "tool_use_id", blockAt));
                    JsonNode result = block.get("content");
                    if (result != null && !result.isNull() && !result.isTextual() && !result.isArray()) {
                        throw bad(blockAt + ".content: Input should be a valid string or list of content blocks");
                    }
                }
                default -> {
                }
            }
        }
    }

    private static void checkSystem(JsonNode system) {
        if (system == null || system.isNull() || system.isTextual()) {
            return;
        }
        if (!system.isArray()) {
            throw bad("system: Input should be a valid string or list of text blocks");
        }
        for (int i = 0; i < system.size(); i++) {
            if (!"text".equals(Json.text(system.get(i), "type")) || Json.text(system.get(i), "text") == null) {
                throw bad("system." + i + ": Input should be a text block");
            }
        }
    }

    private static void checkTools(JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return;
        }
        if (!tools.isArray()) {
            throw bad("tools: Input should be a valid list");
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String type = Json.text(tool, "type");
            if (type != null && !type.equals("custom")) {
                continue; // a server tool (web search, ...): its own schema
            }
            String name = required(tool, "name", "tools." + i);
            if (!TOOL_NAME.matcher(name).matches()) {
                throw bad("tools." + i + ".name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'");
            }
            if (!tool.path("input_schema").isObject()) {
                throw bad("tools." + i + ".input_schema: Field required");
            }
        }
    }

    private static void range(JsonNode body, String field, double max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > max) {
            throw bad(field + ": Input should be a number between 0 and " + (int) max);
        }
    }

    private static String required(JsonNode node, String field, String at) {
        String value = Json.text(node, field);
        if (value == null) {
            throw bad(at + "." + field + ": Field required");
        }
        return value;
    }

    private static InvalidRequest bad(String message) {
        return new InvalidRequest(400, message);
    }
}
