package io.inferline.schemas.topic;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics of a contract through the Admin client. Idempotent: existing topics are left
 * as they are, and the ones whose partitions or cleanup policy differ from the contract are reported
 * (never silently ignored, never altered).
 */
public final class TopicProvisioner {

    private final Admin admin;
    private final Optional<Short> replicationFactor;
    private final Duration timeout;

    /**
     * @param replicationFactor empty: the broker's {@code default.replication.factor}
     */
    public TopicProvisioner(Admin admin, Optional<Short> replicationFactor, Duration timeout) {
        this.admin = admin;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    /** Creates the missing topics and reports the state of every topic of {@code contract}. */
    public ProvisioningReport provision(Collection<Topic<?, ?>> contract) {
        List<Topic<?, ?>> topics = List.copyOf(contract);
        ProvisioningReport plan = ProvisioningReport.plan(topics, describe(topics));
        Set<String> toCreate = Set.copyOf(plan.created());
        List<NewTopic> newTopics = topics.stream().filter(t -> toCreate.contains(t.name())).map(this::newTopic).toList();
        if (newTopics.isEmpty()) {
            return plan;
        }
        CreateTopicsResult result = admin.createTopics(newTopics);
        List<String> lostRace = new java.util.ArrayList<>();
        for (Map.Entry<String, KafkaFuture<Void>> entry : result.values().entrySet()) {
            try {
                await(entry.getValue());
            } catch (AdminCallException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                lostRace.add(entry.getKey());   // another instance created it first
            }
        }
        if (lostRace.isEmpty()) {
            return plan;
        }
        // Someone else created some of them meanwhile: judge those like any existing topic.
        return provision(contract);
    }

    /** Reports without creating anything. */
    public ProvisioningReport check(Collection<Topic<?, ?>> contract) {
        List<Topic<?, ?>> topics = List.copyOf(contract);
        return ProvisioningReport.plan(topics, describe(topics));
    }

    private Map<String, ExistingTopic> describe(List<Topic<?, ?>> topics) {
        Set<String> existingNames = await(admin.listTopics().names());
        List<String> names = topics.stream().map(Topic::name).filter(existingNames::contains).distinct().toList();
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(names).allTopicNames());
        List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all());
        Map<String, ExistingTopic> existing = new HashMap<>();
        for (String name : names) {
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
            String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            existing.put(name, new ExistingTopic(name, descriptions.get(name).partitions().size(),
                    CleanupPolicy.fromConfigValue(policy)));
        }
        return existing;
    }

    private NewTopic newTopic(Topic<?, ?> topic) {
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanupPolicy().configValue());
        topic.retentionMsConfig().ifPresent(ms -> configs.put(TopicConfig.RETENTION_MS_CONFIG, ms));
        return new NewTopic(topic.name(), Optional.of(topic.partitions()), replicationFactor).configs(configs);
    }

    private <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminCallException("interrupted while provisioning topics", e);
        } catch (ExecutionException e) {
            throw new AdminCallException("topic provisioning failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new AdminCallException("topic provisioning timed out after " + timeout
                    + "; is the broker reachable?", e);
        }
    }

    /** An Admin call failed; the cause is the broker's error. */
    public static final class AdminCallException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AdminCallException(String message, Throwable cause) {
            super(message, cause);
        }
    }

}
