package io.inferline.workers.provider.json;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Makes text that came from a provider safe to put in a failure message: credential-shaped tokens
 * hidden, length bounded. {@code fromUpstream} does not see the endpoint's key, so it cannot redact
 * the key itself; instead it hides anything shaped like an API key (long runs of key characters with
 * letters and digits), which covers keys that error bodies echo (OpenAI's 401 does).
 */
public final class UpstreamText {

    /** Longest excerpt of a raw body quoted in a message. */
    public static final int EXCERPT_CHARS = 200;
    private static final int MESSAGE_CHARS = 1000;

    // 20+ key characters without separators, or 32+ with dashes (sk-..., AIza..., Cloudflare tokens);
    // model ids like claude-haiku-4-5-20251001 stay readable
    private static final Pattern CREDENTIAL_SHAPED = Pattern.compile(
            "(?<![A-Za-z0-9_\\-])(?=[A-Za-z0-9_\\-]*[0-9])(?=[A-Za-z0-9_\\-]*[A-Za-z])"
                    + "(?:[A-Za-z0-9_\\-]{32,}|[A-Za-z0-9_]{20,})(?![A-Za-z0-9_\\-])");
    private static final Pattern CREDENTIAL_PART = Pattern.compile(
            "(?=[A-Za-z0-9_]*[0-9])(?=[A-Za-z0-9_]*[A-Za-z])[A-Za-z0-9_]{20,}");

    private UpstreamText() {
    }

    /** A provider's error message with credential-shaped tokens hidden, at most 1000 characters. */
    public static String message(String text) {
        if (text == null) {
            return "";
        }
        return truncate(hideCredentials(text), MESSAGE_CHARS);
    }

    /** The start of a raw body, on one line, credentials hidden, at most {@value #EXCERPT_CHARS} characters. */
    public static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        return truncate(hideCredentials(text), EXCERPT_CHARS);
    }

    static String hideCredentials(String text) {
        String whole = CREDENTIAL_SHAPED.matcher(text).replaceAll("[hidden]");
        // a key split by dashes into short parts can still leave a long part: hide that too
        return CREDENTIAL_PART.matcher(whole).replaceAll("[hidden]");
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
