package io.inferline.schemas.topic;

/** An existing topic that differs from its contract in a way provisioning will not silently fix. */
public record TopicMismatch(String topic, String property, String expected, String actual) {

    @Override
    public String toString() {
        return "topic " + topic + ": " + property + " is " + actual + " but the contract says " + expected;
    }
}
