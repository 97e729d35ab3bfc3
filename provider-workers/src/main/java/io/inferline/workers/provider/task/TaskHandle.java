package io.inferline.workers.provider.task;

import java.util.Map;
import java.util.Optional;

/**
 * What identifies a provider task between polls. Stored in {@code provider-tasks}, so it must hold everything
 * the next poll needs, and never a credential.
 *
 * @param taskId the provider's task id
 * @param values provider-specific values learnt on the way, e.g. a result file id to fetch after the task ended
 */
public record TaskHandle(String taskId, Map<String, String> values) {

    public TaskHandle {
        if (taskId == null || taskId.isBlank()) {
            throw new IllegalArgumentException("a task handle needs the provider's task id");
        }
        values = Map.copyOf(values);
    }

    public static TaskHandle of(String taskId) {
        return new TaskHandle(taskId, Map.of());
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** This handle with one more value. */
    public TaskHandle with(String name, String value) {
        java.util.Map<String, String> more = new java.util.HashMap<>(values);
        more.put(name, value);
        return new TaskHandle(taskId, more);
    }
}
