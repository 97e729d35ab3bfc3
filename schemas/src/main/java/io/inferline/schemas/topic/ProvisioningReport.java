package io.inferline.schemas.topic;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Outcome of {@link TopicProvisioner#provision}: what was created, what already matched the
 * contract, and what exists but differs from it.
 */
public record ProvisioningReport(List<String> created, List<String> matching, List<TopicMismatch> mismatches) {

    public ProvisioningReport {
        created = List.copyOf(created);
        matching = List.copyOf(matching);
        mismatches = List.copyOf(mismatches);
    }

    /**
     * Compares the contract with what exists. Pure, so it is testable without a broker.
     *
     * @param existing topics that exist on the broker, by name
     * @return a report whose {@code created} lists the topics still to create
     */
    static ProvisioningReport plan(List<Topic<?, ?>> contract, Map<String, ExistingTopic> existing) {
        List<String> missing = contract.stream().map(Topic::name).filter(name -> !existing.containsKey(name)).toList();
        List<String> matching = new java.util.ArrayList<>();
        List<TopicMismatch> mismatches = new java.util.ArrayList<>();
        for (Topic<?, ?> topic : contract) {
            ExistingTopic actual = existing.get(topic.name());
            if (actual == null) {
                continue;
            }
            List<TopicMismatch> found = compare(topic, actual);
            if (found.isEmpty()) {
                matching.add(topic.name());
            } else {
                mismatches.addAll(found);
            }
        }
        return new ProvisioningReport(missing, matching, mismatches);
    }

    private static List<TopicMismatch> compare(Topic<?, ?> topic, ExistingTopic actual) {
        List<TopicMismatch> found = new java.util.ArrayList<>();
        if (topic.partitions() != actual.partitions()) {
            found.add(new TopicMismatch(topic.name(), "partitions",
                    Integer.toString(topic.partitions()), Integer.toString(actual.partitions())));
        }
        if (topic.cleanupPolicy() != actual.cleanupPolicy()) {
            found.add(new TopicMismatch(topic.name(), "cleanup.policy",
                    topic.cleanupPolicy().configValue(), actual.cleanupPolicy().configValue()));
        }
        return found;
    }

    /** True when every topic of the contract exists as the contract says. */
    public boolean conforms() {
        return mismatches.isEmpty();
    }

    /** Throws, naming every mismatched topic, unless the topics conform; apps call this to fail fast. */
    public ProvisioningReport requireConforming() {
        if (!conforms()) {
            throw new TopicContractException(mismatches);
        }
        return this;
    }

    /** A one-line summary for start-up logs. */
    public String summary() {
        String problems = mismatches.isEmpty() ? "" : "; mismatched: "
                + mismatches.stream().map(TopicMismatch::toString).collect(Collectors.joining("; "));
        return created.size() + " created, " + matching.size() + " already matching, "
                + mismatches.size() + " mismatched" + problems;
    }

    /** The first mismatch of a topic, if any. */
    public Optional<TopicMismatch> mismatchOf(String topic) {
        return mismatches.stream().filter(m -> m.topic().equals(topic)).findFirst();
    }
}
