package io.inferline.workers.runtime;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;

/**
 * Whether a request's own reply topic exists. A transaction that writes to a missing topic fails as
 * a whole, which would stall the partition; a response for a missing reply topic goes to
 * {@code inference-responses} instead. Existing topics are remembered; missing (or unanswered)
 * ones are asked about again after a minute, so a topic created later is used.
 */
final class ReplyTopics implements Predicate<String> {

    private static final long RECHECK_MS = 60_000;

    private final Admin admin;
    private final Set<String> existing = new HashSet<>();
    private final Map<String, Long> missingSince = new HashMap<>();

    ReplyTopics(Admin admin) {
        this.admin = admin;
    }

    @Override
    public boolean test(String topic) {
        if (existing.contains(topic)) {
            return true;
        }
        long now = System.currentTimeMillis();
        Long missing = missingSince.get(topic);
        if (missing != null && now - missing < RECHECK_MS) {
            return false;
        }
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get(2_000, TimeUnit.MILLISECONDS);
            existing.add(topic);
            missingSince.remove(topic);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            // missing, not allowed, or no answer in time: not asked again for a minute, so the loop is held up once a minute at most
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        missingSince.put(topic, now);
        return false;
    }
}
