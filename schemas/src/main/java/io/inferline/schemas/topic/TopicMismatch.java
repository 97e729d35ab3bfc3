package io.inferline.schemas.topic;

/**
 * An existing topic that differs from its contract in a way provisioning will not silently fix.
 *
 * @param property the topic property that differs: {@link #PARTITIONS} or {@link #CLEANUP_POLICY}
 */
public record TopicMismatch(String topic, String property, String expected, String actual) {

    public static final String PARTITIONS = "partitions";
    public static final String CLEANUP_POLICY = "cleanup.policy";

    /** What an operator can do about it. */
    public String remedy() {
        if (property.equals(PARTITIONS)) {
            boolean tooFew = Integer.parseInt(actual) < Integer.parseInt(expected);
            String sameCount = " (co-partitioned account-keyed topics must all have the same count)";
            return tooFew
                    ? "add partitions with kafka-topics.sh --alter --topic " + topic + " --partitions " + expected
                            + ", or configure the apps' partition count to " + actual + sameCount
                    : "partitions cannot be removed: configure the apps' partition count to " + actual
                            + sameCount + ", or delete and recreate the topic";
        }
        if (property.equals(CLEANUP_POLICY)) {
            return "kafka-configs.sh --alter --entity-type topics --entity-name " + topic
                    + " --add-config cleanup.policy=[" + expected + "]";
        }
        return "recreate the topic as the contract says";
    }

    @Override
    public String toString() {
        return "topic " + topic + ": " + property + " is " + actual + " but the contract says " + expected;
    }
}
