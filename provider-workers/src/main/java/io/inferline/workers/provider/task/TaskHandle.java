package io.inferline.workers.provider.task;

import io.inferline.workers.provider.json.InvalidAnswerException;
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

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

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

    /**
     * The task id as one segment of a URL path: letters, digits, {@code -} and {@code _} as they are, every other byte
     * percent-encoded, so that nothing a stored handle holds (a slash, {@code ..}) can become a path of its own.
     */
    public String taskIdInPath() {
        StringBuilder segment = new StringBuilder();
        for (byte b : taskId.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                segment.append(c);
            } else {
                segment.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return segment.toString();
    }

    /** This handle with one more value. */
    public TaskHandle with(String name, String value) {
        java.util.Map<String, String> more = new java.util.HashMap<>(values);
        more.put(name, value);
        return new TaskHandle(taskId, more);
    }
}
