package io.inferline.workers.provider.task;

import io.inferline.workers.provider.json.InvalidAnswerException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

    /**
     * A whole-number value, e.g. the seconds of video that are billed.
     *
     * @param otherwise the number when the handle has no such value
     * @throws InvalidAnswerException when the value is not a number
     */
    public long number(String name, long otherwise) {
        try {
            return value(name).map(Long::parseLong).orElse(otherwise);
        } catch (NumberFormatException e) {
            throw new InvalidAnswerException("the task handle's " + name + " is not a number");
        }
    }

    /** The task id as one segment of a URL path ({@code %20} for a space, not {@code +}). */
    public String taskIdInPath() {
        return URLEncoder.encode(taskId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** This handle with one more value. */
    public TaskHandle with(String name, String value) {
        java.util.Map<String, String> more = new java.util.HashMap<>(values);
        more.put(name, value);
        return new TaskHandle(taskId, more);
    }
}
