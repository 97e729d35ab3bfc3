package io.inferline.cli.jobs;

import io.inferline.avro.InferenceResponse;
import io.inferline.avro.ResponseStatus;
import io.inferline.cli.batch.BatchLine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers to one job's requests, one per request id. A request answered twice (a redelivery, or a
 * dead letter replayed after a fix) counts once: the first answer stands, unless a later one
 * succeeded where the first did not.
 */
public final class JobResponses {

    private final String jobId;
    private final Map<String, InferenceResponse> byRequest = new LinkedHashMap<>();
    private long duplicates;

    public JobResponses(String jobId) {
        this.jobId = jobId;
    }

    /** Takes {@code response} if it is one of the job's; returns whether it changed what is known. */
    public boolean offer(InferenceResponse response) {
        if (!jobId.equals(response.getJobId())) {
            return false;
        }
        InferenceResponse known = byRequest.get(response.getRequestId());
        if (known == null) {
            byRequest.put(response.getRequestId(), response);
            return true;
        }
        duplicates++;
        if (replaces(known.getStatus(), response.getStatus())) {
            byRequest.put(response.getRequestId(), response);
            return true;
        }
        return false;
    }

    /** Whether an answer with {@code later} status replaces a known one with {@code known} status. */
    public static boolean replaces(ResponseStatus known, ResponseStatus later) {
        return known != ResponseStatus.SUCCEEDED && later == ResponseStatus.SUCCEEDED;
    }

    public String jobId() {
        return jobId;
    }

    /** How many of the job's requests have an answer. */
    public int answered() {
        return byRequest.size();
    }

    /** Answers seen again for a request already answered. */
    public long duplicates() {
        return duplicates;
    }

    /** The answers in the order of the batch file's lines (as far as the responses tell it), else as they came. */
    public List<InferenceResponse> inLineOrder() {
        List<InferenceResponse> responses = new ArrayList<>(byRequest.values());
        responses.sort(Comparator.comparingLong(JobResponses::lineNumber));
        return responses;
    }

    public JobCounts counts(long total) {
        JobCounts.Tally tally = new JobCounts.Tally();
        byRequest.values().forEach(response -> tally.add(response.getStatus()));
        return tally.counts(total);
    }

    private static long lineNumber(InferenceResponse response) {
        String line = response.getMetadata().get(BatchLine.LINE_METADATA);
        if (line != null) {
            try {
                return Long.parseLong(line);
            } catch (NumberFormatException notOurs) {
                // a client's own metadata: keep the arrival order
            }
        }
        return Long.MAX_VALUE;
    }
}
