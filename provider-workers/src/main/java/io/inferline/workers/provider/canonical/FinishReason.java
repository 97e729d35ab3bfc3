package io.inferline.workers.provider.canonical;

/** The normalized reasons generation stops; providers' own values are mapped to these and kept nowhere else. */
public final class FinishReason {

    public static final String STOP = "stop";
    public static final String LENGTH = "length";
    public static final String TOOL_CALLS = "tool_calls";
    public static final String CONTENT_FILTER = "content_filter";
    public static final String OTHER = "other";

    private FinishReason() {
    }
}
