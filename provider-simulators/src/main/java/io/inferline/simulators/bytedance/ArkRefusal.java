package io.inferline.simulators.bytedance;

/**
 * A request Ark refuses, rendered as {@code {"error":{"code","message","param","type"}}}: the {@code type} follows the
 * status (BadRequest, NotFound, ...), the {@code code} names the cause (e.g. {@code InvalidParameter}).
 */
final class ArkRefusal extends RuntimeException {

    private final int status;
    private final String code;
    private final String param;

    ArkRefusal(int status, String code, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.param = param == null ? "" : param;
    }

    static ArkRefusal invalid(String param, String message) {
        return new ArkRefusal(400, "InvalidParameter", param, message);
    }

    static ArkRefusal missing(String param) {
        return new ArkRefusal(400, "MissingParameter", param,
                "The request failed because it is missing one or multiple required parameters: " + param + ".");
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    String param() {
        return param;
    }

    static String typeFor(int status) {
        return switch (status) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 409 -> "Conflict";
            case 413 -> "RequestEntityTooLarge";
            case 429 -> "TooManyRequests";
            case 503 -> "ServiceUnavailable";
            default -> status >= 500 ? "InternalServerError" : "BadRequest";
        };
    }
}
