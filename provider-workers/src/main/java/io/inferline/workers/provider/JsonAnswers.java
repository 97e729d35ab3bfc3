package io.inferline.workers.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferline.workers.provider.json.InvalidAnswerException;
import io.inferline.workers.provider.json.JsonBody;
import java.util.Optional;

/** Reading a 2xx answer that must be one JSON object, and the failure when it cannot be read. */
public final class JsonAnswers {

    private JsonAnswers() {
    }

    /**
     * The body as a JSON object.
     *
     * @throws InvalidAnswerException when the body is not JSON, or JSON of another kind
     */
    public static JsonNode object(UpstreamResponse response) {
        JsonNode root = JsonBody.parseAnswer(response.body());
        if (!root.isObject()) {
            throw new InvalidAnswerException("the body is not a JSON object");
        }
        return root;
    }

    /**
     * The (retried) INVALID_RESPONSE of a 2xx answer whose reading threw {@code e}: an {@link InvalidAnswerException}
     * says what was wrong; anything else is named by its class only, as its message may quote the answer.
     */
    public static AdapterResult.Failure unreadable(String provider, UpstreamResponse response, RuntimeException e,
                                                   Optional<String> upstreamRequestId) {
        String what = e instanceof InvalidAnswerException ? e.getMessage()
                : "its answer could not be read (" + e.getClass().getSimpleName() + ")";
        return FailureResults.invalidResponse(provider, response.status(), what, upstreamRequestId);
    }
}
