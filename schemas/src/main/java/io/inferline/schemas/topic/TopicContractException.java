package io.inferline.schemas.topic;

import java.util.List;
import java.util.stream.Collectors;

/** Existing topics differ from the contract; an app must not start on them. */
public class TopicContractException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<TopicMismatch> mismatches;

    public TopicContractException(List<TopicMismatch> mismatches) {
        super(mismatches.stream().map(TopicMismatch::toString).collect(Collectors.joining("; "))
                + ". Fix the topics (or recreate them) so they match the contract in TopicRegistry.");
        this.mismatches = List.copyOf(mismatches);
    }

    public List<TopicMismatch> mismatches() {
        return mismatches;
    }
}
