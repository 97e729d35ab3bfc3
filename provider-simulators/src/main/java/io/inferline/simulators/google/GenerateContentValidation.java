package io.inferline.simulators.google;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.simulators.InvalidRequest;
import io.inferline.simulators.Json;
import java.util.Iterator;
import java.util.Set;

/**
 * generateContent's refusals. The API parses JSON into protocol buffers, so an unknown field name (in
 * lowerCamel or snake_case) is an error, not ignored: a misspelt option must not pass silently.
 */
final class GenerateContentValidation {

    private static final Set<String> REQUEST_FIELDS = Set.of("model", "contents", "systemInstruction", "generationConfig",
            "tools", "toolConfig", "safetySettings", "cachedContent", "labels");
    private static final Set<String> CONFIG_FIELDS = Set.of("stopSequences", "responseMimeType", "responseSchema",
            "responseJsonSchema", "responseModalities", "candidateCount", "maxOutputTokens", "temperature", "topP", "topK",
            "seed", "presencePenalty", "frequencyPenalty", "responseLogprobs", "logprobs", "enableEnhancedCivicAnswers",
            "speechConfig", "thinkingConfig", "mediaResolution", "imageConfig");
    private static final Set<String> MODALITIES = Set.of("TEXT", "IMAGE", "AUDIO");
    private static final Set<String> IMAGE_CONFIG_FIELDS = Set.of("aspectRatio", "imageSize");
    private static final Set<String> ASPECT_RATIOS = Set.of("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9");
    private static final Set<String> CONTENT_FIELDS = Set.of("role", "parts");
    private static final Set<String> PART_FIELDS = Set.of("text", "inlineData", "fileData", "functionCall",
            "functionResponse", "executableCode", "codeExecutionResult", "thought", "thoughtSignature", "videoMetadata");
    private static final Set<String> DATA_FIELDS = Set.of("text", "inlineData", "fileData", "functionCall",
            "functionResponse", "executableCode", "codeExecutionResult");
    private static final Set<String> MIME_TYPES = Set.of("text/plain", "application/json", "application/xml",
            "application/yaml", "text/x.enum");

    private GenerateContentValidation() {
    }

    static void check(JsonNode body) {
        knownFields(body, REQUEST_FIELDS, null);
        JsonNode contents = field(body, "contents");
        if (contents == null || !contents.isArray() || contents.size() == 0) {
            throw bad("* GenerateContentRequest.contents: contents is not specified");
        }
        for (int i = 0; i < contents.size(); i++) {
            checkContent(contents.get(i), "contents[" + i + "]", true);
        }
        JsonNode system = field(body, "systemInstruction");
        if (system != null) {
            checkContent(system, "system_instruction", false);
        }
        JsonNode config = field(body, "generationConfig");
        if (config != null) {
            checkConfig(config);
        }
        JsonNode tools = field(body, "tools");
        if (tools != null && !tools.isArray()) {
            throw bad("Invalid JSON payload received. Invalid value at 'tools': expected a list");
        }
        if (tools != null) {
            for (JsonNode tool : tools) {
                JsonNode declarations = field(tool, "functionDeclarations");
                if (declarations != null) {
                    for (JsonNode declaration : declarations) {
                        if (Json.text(declaration, "name") == null) {
                            throw bad("* GenerateContentRequest.tools[0].function_declarations[0].name: Name cannot be empty.");
                        }
                    }
                }
            }
        }
    }

    private static void checkContent(JsonNode content, String at, boolean roleChecked) {
        if (!content.isObject()) {
            throw bad("Invalid JSON payload received. Invalid value at '" + at + "': expected an object");
        }
        knownFields(content, CONTENT_FIELDS, at);
        String role = Json.text(content, "role");
        if (roleChecked && role != null && !role.isEmpty() && !role.equals("user") && !role.equals("model")) {
            throw bad("Please use a valid role: user, model.");
        }
        JsonNode parts = content.get("parts");
        if (parts == null || !parts.isArray() || parts.size() == 0) {
            throw bad("* GenerateContentRequest." + at + ".parts: contents.parts must not be empty.");
        }
        for (int p = 0; p < parts.size(); p++) {
            JsonNode part = parts.get(p);
            String partAt = at + ".parts[" + p + "]";
            knownFields(part, PART_FIELDS, partAt);
            int data = 0;
            for (String name : DATA_FIELDS) {
                if (field(part, name) != null) {
                    data++;
                }
            }
            if (data != 1) {
                throw bad("* GenerateContentRequest." + partAt + ".data: required oneof field 'data' must have one initialized field");
            }
            JsonNode call = field(part, "functionCall");
            if (call != null && Json.text(call, "name") == null) {
                throw bad("* GenerateContentRequest." + partAt + ".function_call.name: Name cannot be empty.");
            }
            JsonNode response = field(part, "functionResponse");
            if (response != null && (Json.text(response, "name") == null || !response.path("response").isObject())) {
                throw bad("* GenerateContentRequest." + partAt + ".function_response: name and response are required.");
            }
        }
    }

    private static void checkConfig(JsonNode config) {
        knownFields(config, CONFIG_FIELDS, "generation_config");
        JsonNode max = field(config, "maxOutputTokens");
        if (max != null && (!max.canConvertToExactIntegral() || max.asLong() < 1)) {
            throw bad("* GenerateContentRequest.generation_config.max_output_tokens: max_output_tokens must be positive.");
        }
        range(field(config, "temperature"), 2, "temperature");
        range(field(config, "topP"), 1, "top_p");
        JsonNode stops = field(config, "stopSequences");
        if (stops != null && (!stops.isArray() || stops.size() > 5)) {
            throw bad("* GenerateContentRequest.generation_config.stop_sequences: at most 5 stop sequences are allowed.");
        }
        JsonNode mime = field(config, "responseMimeType");
        if (mime != null && !MIME_TYPES.contains(mime.asText())) {
            throw bad("* GenerateContentRequest.generation_config.response_mime_type: allowed mimetypes are " + MIME_TYPES);
        }
        JsonNode modalities = field(config, "responseModalities");
        if (modalities != null) {
            if (!modalities.isArray()) {
                throw bad("Invalid JSON payload received. Invalid value at 'generation_config.response_modalities': expected a list");
            }
            for (JsonNode modality : modalities) {
                if (!modality.isTextual() || !MODALITIES.contains(modality.asText())) {
                    throw bad("Invalid value at 'generation_config.response_modalities' (type.googleapis.com/"
                            + "google.ai.generativelanguage.v1beta.GenerationConfig.Modality), " + modality);
                }
            }
        }
        JsonNode image = field(config, "imageConfig");
        if (image != null) {
            if (!image.isObject()) {
                throw bad("Invalid JSON payload received. Invalid value at 'generation_config.image_config': expected an object");
            }
            knownFields(image, IMAGE_CONFIG_FIELDS, "generation_config.image_config");
            JsonNode ratio = field(image, "aspectRatio");
            if (ratio != null && !ASPECT_RATIOS.contains(ratio.asText())) {
                throw bad("* GenerateContentRequest.generation_config.image_config.aspect_ratio: unsupported aspect ratio "
                        + ratio + "; supported: " + new java.util.TreeSet<>(ASPECT_RATIOS));
            }
        }
    }

    private static void range(JsonNode value, double max, String name) {
        if (value != null && (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > max)) {
            throw bad("* GenerateContentRequest.generation_config." + name + ": must be in the range [0, " + (int) max + "].");
        }
    }

    private static void knownFields(JsonNode node, Set<String> known, String at) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(camel(name))) {
                throw bad("Invalid JSON payload received. Unknown name \"" + name + "\"" + (at == null ? "" : " at '" + at + "'")
                        + ": Cannot find field.");
            }
        }
    }

    /** A field under its lowerCamel or its snake_case name, as protobuf JSON accepts both; null when absent. */
    static JsonNode field(JsonNode node, String camelName) {
        JsonNode value = node.get(camelName);
        if (value == null) {
            value = node.get(snake(camelName));
        }
        return value == null || value.isNull() ? null : value;
    }

    private static String camel(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static String snake(String name) {
        return name.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }

    private static InvalidRequest bad(String message) {
        return new InvalidRequest(400, message);
    }
}
