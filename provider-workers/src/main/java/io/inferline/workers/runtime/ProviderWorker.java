package io.inferline.workers.runtime;

import io.inferline.avro.ProviderTaskState;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.TaskState;
import io.inferline.schemas.serde.AvroSerdeException;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.TopicRegistry;
import io.inferline.workers.catalog.CatalogView;
import io.inferline.workers.metrics.WorkerMetrics;
import io.inferline.workers.provider.ProviderAdapter;
import io.inferline.workers.provider.ProviderEndpoint;
import io.inferline.workers.provider.task.TaskAdapter;
import io.inferline.workers.retry.BackoffPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker of one provider: one consumer group over its interactive, batch and retry topics, one
 * transactional producer, one async HTTP client. A single loop thread owns every Kafka client and
 * all bookkeeping; HTTP answers come back through a queue. Finished requests are committed every
 * commit interval: their responses, usage events and log entries together with the consumed
 * offsets, in one transaction (exactly-once on the Kafka side).
 */
public final class ProviderWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderWorker.class);

    /** Health of the worker. */
    public enum State { STARTING, RUNNING, STOPPING, STOPPED, FAILED }

    private final WorkerSettings settings;
    private final ProviderAdapter adapter;
    private final ProviderEndpoint endpoint;
    private final String provider;
    private final Map<String, Object> clientConfig;
    private final Clock clock;
    private final WorkerMetrics metrics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Admin admin;
    private final TransactionalOutput output;
    private final Deserializer<RoutedRequest> routedRequests;
    private final Deserializer<ProviderTaskState> taskStates;
    private final ResultRecords results;
    private final RequestCalls calls;
    private final WorkQueue queue;
    private final Map<String, Lane> lanes = new HashMap<>();
    private final Map<TopicPartition, PartitionLedger> ledgers = new HashMap<>();
    private final Map<TopicPartition, Long> generations = new HashMap<>();
    private final java.util.Set<TopicPartition> toRewind = new java.util.HashSet<>();
    private final ConcurrentLinkedQueue<RequestCalls.Answer> answers = new ConcurrentLinkedQueue<>();
    private final Thread loop;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile State state = State.STARTING;
    private volatile boolean running = true;
    private volatile long drainUntilMs = Long.MAX_VALUE;
    private long lastCommitMs;
    private long nextGeneration = 1;

    private ProviderWorker(WorkerSettings settings, ProviderAdapter adapter, ProviderEndpoint endpoint, Map<String, Object> clientConfig,
                           CatalogView catalog, Clock clock) {
        this.settings = settings;
        this.adapter = adapter;
        this.endpoint = endpoint;
        this.provider = adapter.provider();
        this.clientConfig = Map.copyOf(clientConfig);
        this.clock = clock;
        this.queue = new WorkQueue(settings.maxInFlight());
        this.metrics = new WorkerMetrics(provider, queue::inFlight);
        TopicRegistry topics = settings.topics();
        lanes.put(topics.providerRequests(provider).name(), Lane.INTERACTIVE);
        lanes.put(topics.providerBatch(provider).name(), Lane.BATCH);
        lanes.put(topics.providerRetry(provider).name(), Lane.RETRY);
        if (adapter instanceof TaskAdapter) {
            lanes.put(topics.providerTasks().name(), Lane.TASKS);
        }
        this.consumer = new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.admin = Admin.create(clientConfig);
        // stable per instance and provider: a restarted instance aborts its predecessor's open transaction at once
        this.output = new TransactionalOutput(clientConfig, settings.groupId(provider) + "-" + settings.instanceId());
        this.routedRequests = TopicSerdes.valueSerde(topics.providerRequests(provider), clientConfig).deserializer();
        this.taskStates = TopicSerdes.valueSerde(topics.providerTasks(), clientConfig).deserializer();
        this.results = new ResultRecords(topics, provider, new ResultRecords.Serializers(
                TopicSerdes.valueSerde(topics.inferenceResponses(), clientConfig).serializer(),
                TopicSerdes.valueSerde(topics.usageEvents(), clientConfig).serializer(),
                TopicSerdes.valueSerde(topics.requestLog(), clientConfig).serializer(),
                TopicSerdes.valueSerde(topics.providerRequests(provider), clientConfig).serializer(),
                TopicSerdes.valueSerde(topics.providerTasks(), clientConfig).serializer()), new ReplyTopics(admin),
                maxRecordBytes(clientConfig));
        FailurePolicy failures = new FailurePolicy(settings.maxCallsPerModel(),
                BackoffPolicy.withJitter(settings.backoff(), settings.backoffMax()), settings.inlineRetryMax(),
                settings.fallbackStatuses(), catalog::usableModel);
        this.calls = new RequestCalls(adapter, endpoint, catalog, failures, results, queue, metrics,
                new ProviderRateLimit(settings.requestsPerMinute(), settings.tokensPerMinute()),
                new UpstreamCaller(settings.maxInFlight(), settings.connectTimeout()), settings.responseTimeout(), answers::add,
                settings.claimCheck(), new TaskProgress(settings.taskPolling()));
        this.loop = new Thread(this::run, "worker-" + provider);
    }

    /** Starts working for {@code adapter}'s provider; returns at once, the loop runs on its own thread. */
    public static ProviderWorker start(WorkerSettings settings, ProviderAdapter adapter, ProviderEndpoint endpoint,
                                       Map<String, Object> clientConfig, CatalogView catalog) {
        ProviderWorker worker = new ProviderWorker(settings, adapter, endpoint, clientConfig, catalog, Clock.systemUTC());
        worker.loop.start();
        return worker;
    }

    public State state() {
        return state;
    }

    public String provider() {
        return provider;
    }

    public WorkerMetrics metrics() {
        return metrics;
    }

    /** Room below the producer's request size for headers and batch overhead. */
    private static int maxRecordBytes(Map<String, Object> clientConfig) {
        Object configured = clientConfig.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        int maxRequest = configured == null ? 1_048_576 : Integer.parseInt(configured.toString());
        return maxRequest - 64 * 1024;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId(provider));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(50, Math.min(1000, 2 * settings.maxInFlight())));
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId(provider) + "-" + settings.instanceId());
        // static membership: a restarted instance takes its partitions back at once, instead of the group waiting for the
        // dead member to time out (a rebalance started meanwhile can wait up to max.poll.interval.ms)
        config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.groupId(provider) + "-" + settings.instanceId());
        return config;
    }

    private void run() {
        try {
            consumer.subscribe(lanes.keySet(), new Rebalance());
            state = State.RUNNING;
            LOG.info("{} worker running (group {}, {} calls in flight at most)", provider, settings.groupId(provider), settings.maxInFlight());
            while (running || (queue.inFlight() > 0 && clock.millis() < drainUntilMs)) {
                try {
                    cycle();
                } catch (RuntimeException e) {
                    if (TransactionalOutput.fenced(e)) {
                        throw new ProducerFencedException("fenced by another process with this instance id");
                    }
                    // e.g. the registry or the cluster briefly unreachable: start over from the committed offsets
                    LOG.error("{} worker: {}; reading the uncommitted records again in a second", provider, e.toString());
                    output.discard();
                    rewind(new ArrayList<>(ledgers.keySet()));
                    pauseAfterError();
                }
            }
            commit();
            state = State.STOPPED;
        } catch (ProducerFencedException e) {
            LOG.error("{} worker fenced: another process runs with instance id {}; stopping this one", provider, settings.instanceId());
            state = State.FAILED;
        } catch (RuntimeException e) {
            LOG.error("{} worker stopped by an unexpected error", provider, e);
            state = State.FAILED;
        } finally {
            closeClients();
            stopped.countDown();
        }
    }

    private void cycle() {
        output.ready(); // after a restart or a failure: aborts whatever transaction this instance id left open
        long now = clock.millis();
        calls.handle(answers, generations::get, now);
        if (running) {
            calls.start(now); // when stopping, only the calls in flight finish; queued work is read again by the next owner
        }
        if (now - lastCommitMs >= settings.commitInterval().toMillis()) {
            commit();
        }
        if (running) {
            seekPendingRewinds();
            adjustReading();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(pollTimeout(now))) {
                take(record, clock.millis());
            }
            calls.start(clock.millis()); // what just arrived starts now, not after the next commit
        } else {
            consumer.pause(consumer.assignment());
            consumer.poll(Duration.ofMillis(5));
        }
    }

    private static void pauseAfterError() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Duration pollTimeout(long now) {
        if (queue.inFlight() > 0) {
            return Duration.ofMillis(5);
        }
        long due = queue.msUntilNextDue(now);
        return Duration.ofMillis(due < 0 ? 100 : Math.max(1, Math.min(100, due)));
    }

    /** A record becomes work, or, if it cannot be read, a dead letter that does not stop its partition. */
    private void take(ConsumerRecord<byte[], byte[]> record, long nowMs) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        PartitionLedger ledger = ledgers.get(partition);
        if (ledger == null || toRewind.contains(partition)) {
            return; // revoked during this poll's rebalance callback, or read again after the pending rewind
        }
        PartitionLedger.Slot slot = ledger.open(record.offset());
        Instant now = Instant.ofEpochMilli(nowMs);
        if (lanes.get(record.topic()) == Lane.TASKS) {
            takeTaskStep(record, slot, nowMs);
            return;
        }
        RoutedRequest routed;
        try {
            routed = record.value() == null ? null : routedRequests.deserialize(record.topic(), record.headers(), record.value());
        } catch (AvroSerdeException.RegistryUnavailable e) {
            throw e; // not the record's fault: the loop fails and the record is read again by the restarted worker
        } catch (RuntimeException e) {
            slot.finish(results.undecodable(record, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), now));
            metrics.deadLettered();
            return;
        }
        if (routed == null || !provider.equals(routed.getProvider())) {
            String why = routed == null ? "a null value is not a routed request"
                    : "routed to " + routed.getProvider() + " but found on " + provider + "'s topic";
            slot.finish(results.undecodable(record, routed == null ? "EmptyRecord" : "MisroutedRecord", why, now));
            metrics.deadLettered();
            return;
        }
        Work work = new Work(record, lanes.get(record.topic()), routed, slot);
        work.generation = generations.get(partition);
        work.dueAtMs = routed.getNotBefore() == null ? 0 : routed.getNotBefore().toEpochMilli();
        queue.accepted(work);
        queue.schedule(work, nowMs);
    }

    /**
     * A record of {@code provider-tasks}: the next step of one of this provider's tasks, or nothing to do (another
     * provider's task, a task that has ended).
     */
    private void takeTaskStep(ConsumerRecord<byte[], byte[]> record, PartitionLedger.Slot slot, long nowMs) {
        ProviderTaskState task;
        try {
            task = record.value() == null ? null : taskStates.deserialize(record.topic(), record.headers(), record.value());
        } catch (AvroSerdeException.RegistryUnavailable e) {
            throw e;
        } catch (RuntimeException e) {
            slot.finish(results.undecodable(record, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), Instant.ofEpochMilli(nowMs)));
            metrics.deadLettered();
            return;
        }
        if (task == null || !provider.equals(task.getProvider()) || task.getRoutedRequest() == null || task.getProviderTaskId() == null
                || !(task.getState() == TaskState.PENDING || task.getState() == TaskState.RUNNING)) {
            slot.finish(List.of());
            return;
        }
        Work work = Work.taskStep(record, task, slot);
        work.generation = generations.get(new TopicPartition(record.topic(), record.partition()));
        work.dueAtMs = task.getNextPollAt() == null ? 0 : task.getNextPollAt().toEpochMilli();
        queue.accepted(work);
        queue.schedule(work, nowMs);
    }

    /**
     * Starts {@code provider-tasks} partitions this group never committed on at their end, taking the newest record
     * of each task before it as its next step (see {@link TaskRecovery}). Their slots sit just before the end, so
     * the first commit moves the group's offset there.
     */
    private void recoverTasks(java.util.Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, TaskRecovery.Recovered> recovered = TaskRecovery.scan(clientConfig, partitions, Duration.ofMinutes(2));
        long now = clock.millis();
        recovered.forEach((partition, found) -> {
            consumer.seek(partition, found.endOffset());
            PartitionLedger ledger = ledgers.get(partition);
            for (ConsumerRecord<byte[], byte[]> record : found.newest()) {
                takeTaskStep(record, ledger.open(found.endOffset() - 1), now);
            }
            if (!found.newest().isEmpty()) {
                LOG.info("{} worker: {} had no committed offset; took the newest of {} task records and starts at offset {}",
                        provider, partition, found.newest().size(), found.endOffset());
            }
        });
    }

    private void adjustReading() {
        List<TopicPartition> pause = new ArrayList<>();
        List<TopicPartition> resume = new ArrayList<>();
        for (TopicPartition partition : consumer.assignment()) {
            (queue.mayRead(lanes.get(partition.topic())) ? resume : pause).add(partition);
        }
        consumer.pause(pause);
        consumer.resume(resume);
    }

    /** Commits every partition's finished prefix: outputs and offsets in one transaction. */
    private void commit() {
        lastCommitMs = clock.millis();
        List<ProducerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        ledgers.forEach((partition, ledger) -> {
            PartitionLedger.Release release = ledger.releaseFinished();
            outputs.addAll(release.outputs());
            OptionalLong next = release.nextOffset();
            next.ifPresent(offset -> offsets.put(partition, new OffsetAndMetadata(offset)));
        });
        if (offsets.isEmpty()) {
            return;
        }
        if (!output.commit(outputs, offsets, consumer.groupMetadata())) {
            rewind(new ArrayList<>(ledgers.keySet()));
        }
    }


    /**
     * Forgets the partitions' work in hand; before the next poll they go back to their committed
     * offsets (kept pending until that succeeds, so no record is skipped when the cluster is away).
     */
    private void rewind(Collection<TopicPartition> partitions) {
        forget(partitions);
        partitions.forEach(this::own);
        toRewind.addAll(partitions);
    }

    private void seekPendingRewinds() {
        toRewind.retainAll(consumer.assignment());
        if (toRewind.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(toRewind));
        java.util.Set<TopicPartition> neverCommittedTasks = new java.util.HashSet<>();
        for (TopicPartition partition : toRewind) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset.offset());
            } else if (lanes.get(partition.topic()) == Lane.TASKS) {
                neverCommittedTasks.add(partition);
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
        toRewind.clear();
        recoverTasks(neverCommittedTasks);
    }

    private void forget(Collection<TopicPartition> partitions) {
        queue.drop(partitions);
        toRewind.removeAll(partitions);
        for (TopicPartition partition : partitions) {
            ledgers.remove(partition);
            generations.remove(partition);
        }
    }

    private void own(TopicPartition partition) {
        ledgers.put(partition, new PartitionLedger());
        generations.put(partition, nextGeneration++);
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                commit();
                forget(partitions);
                calls.shareChanged(ledgers.keySet(), lanes, consumer);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            partitions.forEach(ProviderWorker.this::own);
            calls.shareChanged(ledgers.keySet(), lanes, consumer);
            java.util.Set<TopicPartition> tasks = new java.util.HashSet<>();
            partitions.stream().filter(partition -> lanes.get(partition.topic()) == Lane.TASKS).forEach(tasks::add);
            if (!tasks.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(tasks);
                tasks.removeIf(partition -> committed.get(partition) != null);
                recoverTasks(tasks);
            }
        }
    }

    /** Stops taking records and starting calls, lets the calls in flight finish for up to {@code timeout}, commits them, and closes. */
    public void close(Duration timeout) {
        state = State.STOPPING;
        drainUntilMs = clock.millis() + timeout.toMillis();
        running = false;
        try {
            if (!stopped.await(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
                LOG.warn("{} worker did not stop in time", provider);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    private void closeClients() {
        calls.close();
        for (AutoCloseable client : List.<AutoCloseable>of(() -> consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5))),
                output, () -> admin.close(Duration.ofSeconds(5)), metrics)) {
            try {
                client.close();
            } catch (Exception e) {
                LOG.warn("{} worker: closing a client failed: {}", provider, e.toString());
            }
        }
    }
}
