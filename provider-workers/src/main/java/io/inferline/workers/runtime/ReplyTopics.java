package io.inferline.workers.runtime;

import java.time.Duration;
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
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Whether a request's own reply topic exists. A transaction that writes to a missing topic fails as
 * a whole, which would stall the partition; a response for a missing reply topic goes to
 * {@code inference-responses} instead. Existing topics are remembered; missing ones are asked
 * about again after a minute, so a topic created later is used.
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
            admin.describeTopics(List.of(topic)).allTopicNames().get(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
            existing.add(topic);
            missingSince.remove(topic);
            return true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                return false;
            }
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        missingSince.put(topic, now);
        return false;
    }
}
