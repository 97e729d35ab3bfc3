package io.inferline.schemas.topic;

/** What the broker says about a topic that already exists. */
public record ExistingTopic(String name, int partitions, CleanupPolicy cleanupPolicy) {
}
