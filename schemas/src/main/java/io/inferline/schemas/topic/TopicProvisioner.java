package io.inferline.schemas.topic;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
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
 * (never silently ignored, never altered). Safe to run from several instances at once.
 */
public final class TopicProvisioner {

    /** Pause between looks at a topic another instance just created, until the metadata shows it. */
    private static final Duration RACE_BACKOFF = Duration.ofMillis(100);

    private final Admin admin;
    private final Optional<Short> replicationFactor;
    private final Duration timeout;

    /**
     * @param replicationFactor empty: the broker's {@code default.replication.factor}
     * @param timeout           how long each Admin call may take
     */
    public TopicProvisioner(Admin admin, Optional<Short> replicationFactor, Duration timeout) {
        this.admin = admin;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    /** Creates the missing topics and reports the state of every topic of {@code contract}. */
    public ProvisioningReport provision(Collection<Topic<?, ?>> contract) {
        List<Topic<?, ?>> topics = ProvisioningReport.distinct(contract);
        ProvisioningReport plan = check(topics);
        Set<String> lostRace = create(topics.stream().filter(t -> plan.created().contains(t.name())).toList());
        if (lostRace.isEmpty()) {
            return plan;
        }
        List<Topic<?, ?>> raced = topics.stream().filter(t -> lostRace.contains(t.name())).toList();
        return plan.afterLostRace(lostRace, checkUntilVisible(raced));
    }

    /** Reports without creating anything; {@code created} then lists the missing topics. */
    public ProvisioningReport check(Collection<Topic<?, ?>> contract) {
        List<Topic<?, ?>> topics = ProvisioningReport.distinct(contract);
        return ProvisioningReport.plan(topics, describe(topics.stream().map(Topic::name).toList()));
    }

    /** Creates the topics; returns the ones another instance created first. */
    private Set<String> create(List<Topic<?, ?>> topics) {
        if (topics.isEmpty()) {
            return Set.of();
        }
        CreateTopicsResult result = admin.createTopics(topics.stream().map(this::newTopic).toList());
        Set<String> lostRace = new LinkedHashSet<>();
        for (Map.Entry<String, KafkaFuture<Void>> entry : result.values().entrySet()) {
            try {
                await(entry.getValue());
            } catch (AdminCallException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                lostRace.add(entry.getKey());
            }
        }
        return lostRace;
    }

    /** The broker said these exist; its metadata may lag behind by a moment. */
    private ProvisioningReport checkUntilVisible(List<Topic<?, ?>> raced) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ProvisioningReport report = check(raced);
            if (report.created().isEmpty()) {
                return report;
            }
            if (System.nanoTime() > deadline) {
                throw new AdminCallException("topics " + report.created() + " already exist (another instance"
                        + " created them) but could not be described within " + timeout, null);
            }
            pause();
        }
    }

    /** The existing ones among {@code names}. */
    private Map<String, ExistingTopic> describe(List<String> names) {
        Set<String> everyTopic = await(admin.listTopics().names());
        List<String> present = names.stream().filter(everyTopic::contains).toList();
        if (present.isEmpty()) {
            return Map.of();
        }
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(present).allTopicNames());
        List<ConfigResource> resources = descriptions.keySet().stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(resources).all());
        Map<String, ExistingTopic> existing = new HashMap<>();
        for (TopicDescription description : descriptions.values()) {
            String name = description.name();
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
            String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            existing.put(name, new ExistingTopic(name, description.partitions().size(),
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

    private static void pause() {
        try {
            Thread.sleep(RACE_BACKOFF.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminCallException("interrupted while provisioning topics", e);
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
