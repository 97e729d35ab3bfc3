package io.inferline.schemas.topic;

import java.util.List;
import java.util.stream.Collectors;

/** Existing topics differ from the contract; an app must not start on them. */
public class TopicContractException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<TopicMismatch> mismatches;

    public TopicContractException(List<TopicMismatch> mismatches) {
        super(mismatches.size() + " topic(s) differ from the contract in TopicRegistry: "
                + mismatches.stream().map(m -> m + " (fix: " + m.remedy() + ")").collect(Collectors.joining("; ")));
        this.mismatches = List.copyOf(mismatches);
    }

    public List<TopicMismatch> mismatches() {
        return mismatches;
    }
}
