package io.inferline.schemas.topic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Outcome of {@link TopicProvisioner#provision}: what was created, what already matched the
 * contract, and what exists but differs from it. Every topic of the contract is in exactly one of
 * the three (a topic can have several mismatches).
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
    static ProvisioningReport plan(Collection<Topic<?, ?>> contract, Map<String, ExistingTopic> existing) {
        List<String> missing = new ArrayList<>();
        List<String> matching = new ArrayList<>();
        List<TopicMismatch> mismatches = new ArrayList<>();
        for (Topic<?, ?> topic : distinct(contract)) {
            ExistingTopic actual = existing.get(topic.name());
            if (actual == null) {
                missing.add(topic.name());
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

    /**
     * The contract with each topic once. The same topic listed twice is harmless; two different
     * definitions under one name are a bug in the caller's contract.
     */
    static List<Topic<?, ?>> distinct(Collection<Topic<?, ?>> contract) {
        Map<String, Topic<?, ?>> byName = new LinkedHashMap<>();
        for (Topic<?, ?> topic : contract) {
            Topic<?, ?> previous = byName.putIfAbsent(topic.name(), topic);
            if (previous != null && !previous.equals(topic)) {
                throw new IllegalArgumentException("topic " + topic.name() + " is defined twice, differently: "
                        + describe(previous) + " and " + describe(topic));
            }
        }
        return List.copyOf(byName.values());
    }

    /**
     * This plan after creating its missing topics, when another instance created {@code lostRace}
     * first: those are judged as {@code raced} found them, like any existing topic.
     */
    ProvisioningReport afterLostRace(Set<String> lostRace, ProvisioningReport raced) {
        List<String> createdHere = created.stream().filter(name -> !lostRace.contains(name)).toList();
        List<String> allMatching = new ArrayList<>(matching);
        allMatching.addAll(raced.matching());
        List<TopicMismatch> allMismatches = new ArrayList<>(mismatches);
        allMismatches.addAll(raced.mismatches());
        return new ProvisioningReport(createdHere, allMatching, allMismatches);
    }

    private static List<TopicMismatch> compare(Topic<?, ?> topic, ExistingTopic actual) {
        List<TopicMismatch> found = new ArrayList<>();
        if (topic.partitions() != actual.partitions()) {
            found.add(new TopicMismatch(topic.name(), TopicMismatch.PARTITIONS,
                    Integer.toString(topic.partitions()), Integer.toString(actual.partitions())));
        }
        if (topic.cleanupPolicy() != actual.cleanupPolicy()) {
            found.add(new TopicMismatch(topic.name(), TopicMismatch.CLEANUP_POLICY,
                    topic.cleanupPolicy().configValue(), actual.cleanupPolicy().configValue()));
        }
        return found;
    }

    private static String describe(Topic<?, ?> topic) {
        return "[" + topic.keyType().getSimpleName() + " -> " + topic.valueType().getSimpleName() + ", "
                + topic.partitions() + " partitions, " + topic.cleanupPolicy().configValue() + ", retention "
                + topic.retention().map(Object::toString).orElse("broker default") + "]";
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
        long mismatchedTopics = mismatches.stream().map(TopicMismatch::topic).distinct().count();
        return created.size() + " created, " + matching.size() + " already matching, "
                + mismatchedTopics + " mismatched" + problems;
    }

    /** The first mismatch of a topic, if any. */
    public Optional<TopicMismatch> mismatchOf(String topic) {
        return mismatches.stream().filter(m -> m.topic().equals(topic)).findFirst();
    }
}
