package io.inferline.simulators;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/** An HTTP answer: status, headers (besides content-type, which is always JSON) and body. */
public record SimResponse(int status, Map<String, String> headers, byte[] body) {

    public SimResponse {
        headers = Map.copyOf(headers);
    }

    public static SimResponse json(int status, Map<String, String> headers, String body) {
        return new SimResponse(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The same answer as HTTP 200 with the body cut in half: what a broken proxy or a truncated stream delivers. */
    public SimResponse malformed() {
        return new SimResponse(200, headers, Arrays.copyOf(body, Math.max(1, body.length / 2)));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
