package io.inferline.schemas.topic;

/**
 * Headers that follow a request through every hop (routed request, retries, fallbacks, response,
 * usage event, dead letter), so tools can trace and filter without decoding values. UTF-8 strings.
 */
public final class TraceHeaders {
    public static final String REQUEST_ID = "inferline.request.id";
    public static final String ACCOUNT_ID = "inferline.account.id";
    public static final String JOB_ID = "inferline.job.id";

    private TraceHeaders() {
    }
}
