package io.inferline.workers.provider.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.workers.provider.UnsupportedRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tools of a request, read from {@code options.tools_json}: an OpenAI-style array of
 * {@code {"type":"function","function":{"name","description","parameters"}}}. Each adapter writes
 * them in its provider's shape.
 */
public final class FunctionTools {

    /**
     * One function a model may call.
     *
     * @param description empty when the definition has none
     * @param parameters  the JSON Schema of the arguments; an empty object schema when the definition has none
     * @param definition  the whole OpenAI-style entry, for providers that take it as is
     */
    public record FunctionTool(String name, Optional<String> description, ObjectNode parameters, ObjectNode definition) {
    }

    private FunctionTools() {
    }

    /**
     * @throws UnsupportedRequestException when the text is not such an array, or holds a tool that is not a function
     */
    public static List<FunctionTool> read(String toolsJson, String provider) {
        if (toolsJson == null || toolsJson.isBlank()) {
            return List.of();
        }
        JsonNode root = JsonBody.tryParse(toolsJson)
                .filter(JsonNode::isArray)
                .orElseThrow(() -> new UnsupportedRequestException(provider + ": options.tools_json is not a JSON array of tools"));
        List<FunctionTool> tools = new ArrayList<>();
        for (JsonNode entry : root) {
            JsonNode function = entry.path("function");
            if (!"function".equals(entry.path("type").asText()) || !function.path("name").isTextual()) {
                throw new UnsupportedRequestException(provider + ": options.tools_json holds a tool that is not "
                        + "{\"type\":\"function\",\"function\":{\"name\":...}}; only function tools are supported");
            }
            ObjectNode parameters = function.path("parameters").isObject()
                    ? (ObjectNode) function.path("parameters").deepCopy()
                    : emptyObjectSchema();
            tools.add(new FunctionTool(function.path("name").asText(),
                    Optional.of(function.path("description")).filter(JsonNode::isTextual).map(JsonNode::asText),
                    parameters, (ObjectNode) entry.deepCopy()));
        }
        return tools;
    }

    private static ObjectNode emptyObjectSchema() {
        ObjectNode schema = JsonBody.object();
        schema.put("type", "object");
        schema.putObject("properties");
        return schema;
    }

    /** A message's tool calls ({@code tool_calls} of type function) and tool-result id, in OpenAI's shape, which Workers AI shares. */
    public static void putOpenAiToolFields(ObjectNode node, io.inferline.avro.Message message) {
        if (!message.getToolCalls().isEmpty()) {
            com.fasterxml.jackson.databind.node.ArrayNode calls = node.putArray("tool_calls");
            for (io.inferline.avro.ToolCall call : message.getToolCalls()) {
                ObjectNode entry = calls.addObject();
                entry.put("id", call.getId());
                entry.put("type", "function");
                ObjectNode function = entry.putObject("function");
                function.put("name", call.getName());
                function.put("arguments", call.getArgumentsJson());
            }
        }
        if (message.getToolCallId() != null) {
            node.put("tool_call_id", message.getToolCallId());
        }
    }
}
