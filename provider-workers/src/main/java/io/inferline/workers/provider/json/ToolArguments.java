package io.inferline.workers.provider.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.inferline.workers.provider.UnsupportedRequestException;

/**
 * Tool-call arguments between inferline's form (a JSON object text) and providers that carry them
 * as a JSON object (Anthropic's {@code input}, Gemini's {@code args}, Workers AI's {@code arguments}).
 */
public final class ToolArguments {

    private ToolArguments() {
    }

    /**
     * The arguments of a call echoed in a conversation, as an object; an empty text is no arguments.
     *
     * @throws UnsupportedRequestException when the text is not a JSON object
     */
    public static ObjectNode asObject(String argumentsJson, String toolName, String provider) {
        if (argumentsJson == null || argumentsJson.isBlank()) {
            return JsonBody.object();
        }
        return JsonBody.tryParse(argumentsJson)
                .filter(JsonNode::isObject)
                .map(ObjectNode.class::cast)
                .orElseThrow(() -> new UnsupportedRequestException(provider + ": the arguments of tool call '" + toolName
                        + "' are not a JSON object"));
    }

    /** Arguments a provider answered with, as JSON text: a string is taken as already being JSON text. */
    public static String asText(JsonNode arguments) {
        if (arguments == null || arguments.isMissingNode() || arguments.isNull()) {
            return "{}";
        }
        return arguments.isTextual() ? arguments.asText() : JsonBody.text(arguments);
    }
}
