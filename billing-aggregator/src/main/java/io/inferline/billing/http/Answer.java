package io.inferline.billing.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP answer: status, content type, body, and extra headers. */
record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON = "application/json";
    static final ObjectMapper MAPPER = new ObjectMapper();

    static Answer json(int status, Object value) {
        try {
            return new Answer(status, JSON, MAPPER.writeValueAsBytes(value), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an answer as JSON", e);
        }
    }

    static Answer error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    static Answer badParameter(BadParameter e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("parameter", e.parameter());
        return json(400, body);
    }

    /** 503 with a Retry-After: the state will be back in a moment. */
    static Answer unavailable(String message) {
        Answer answer = error(503, message);
        return new Answer(503, JSON, answer.body(), Map.of("Retry-After", "1"));
    }

    static Answer text(int status, String contentType, String body) {
        return new Answer(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
