package io.inferline.workers.runtime;

import io.inferline.schemas.topic.TopicRegistry;
import io.inferline.workers.WorkerConfig;
import io.inferline.workers.blob.ClaimCheck;
import io.inferline.workers.blob.LocalDirectoryBlobStore;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;

/** What one provider's worker needs from the configuration. */
public record WorkerSettings(TopicRegistry topics, String instanceId, int maxInFlight, Duration commitInterval,
                             Duration connectTimeout, Duration responseTimeout, int maxCallsPerModel, Duration backoff,
                             Duration backoffMax, Duration inlineRetryMax, Set<Integer> fallbackStatuses,
                             OptionalLong requestsPerMinute, OptionalLong tokensPerMinute, ClaimCheck claimCheck,
                             WorkerConfig.TaskPolling taskPolling) {

    public static WorkerSettings of(WorkerConfig config, String provider) {
        return new WorkerSettings(config.topics(), config.instanceId(), config.maxInFlight(), config.commitInterval(),
                config.connectTimeout(), config.responseTimeout(), config.retryMaxAttempts(), config.retryBackoff(),
                config.retryBackoffMax(), config.retryInlineMax(), config.fallbackStatuses(),
                optional(config.providerLimit(provider, "requests.per.minute")),
                optional(config.providerLimit(provider, "tokens.per.minute")),
                new ClaimCheck(new LocalDirectoryBlobStore(config.blobDir(), config.blobPublicUrl()), config.blobInlineMaxBytes()),
                config.taskPolling());
    }

    private static OptionalLong optional(java.util.Optional<Long> value) {
        return value.map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /** Each provider is its own consumer group, so a slow provider never holds up another. */
    public String groupId(String provider) {
        return topics.prefix() + "inferline-workers-" + provider;
    }
}
