package io.inferline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.CacheOptions;
import io.inferline.avro.Capability;
import io.inferline.avro.CreditGrant;
import io.inferline.avro.GrantKind;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.Input;
import io.inferline.avro.Message;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.CleanupPolicy;
import io.inferline.schemas.topic.ProvisioningReport;
import io.inferline.schemas.topic.Topic;
import io.inferline.schemas.topic.TopicMismatch;
import io.inferline.schemas.topic.TopicProvisioner;
import io.inferline.schemas.topic.TopicRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The foundation's contract on a real cluster: topics provisioned from the registry, Avro records
 * written with the Confluent wire-format serde (schemas registered in a real registry) and read back
 * equal, transactions visible only when committed. Run against a forked broker, and against a
 * container where Docker exists.
 */
abstract class ContractSuite {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    abstract KafkaCluster cluster();

    @Test
    void provisionsEveryTopicOfTheContractIdempotently() {
        TopicRegistry topics = TopicRegistry.standard().withPrefix(TestNames.topicPrefix())
                .withAccountPartitions(3).withRequestPartitions(2);
        try (Admin admin = Admin.create(ClientProps.admin(cluster()))) {
            TopicProvisioner provisioner = new TopicProvisioner(admin, Optional.empty(), TIMEOUT);

            ProvisioningReport first = provisioner.provision(topics.all());
            ProvisioningReport second = provisioner.provision(topics.all());

            assertThat(first.created()).hasSize(topics.all().size());
            assertThat(second.created()).isEmpty();
            assertThat(second.matching()).hasSize(topics.all().size());
            assertThat(second.conforms()).isTrue();
        }
    }

    @Test
    void reportsAnExistingTopicThatDiffersFromTheContract() throws Exception {
        TopicRegistry topics = TopicRegistry.standard().withPrefix(TestNames.topicPrefix());
        Topic<String, ?> balances = topics.creditBalances();
        try (Admin admin = Admin.create(ClientProps.admin(cluster()))) {
            // someone created it by hand: wrong partitions, not compacted
            admin.createTopics(List.of(new NewTopic(balances.name(), Optional.of(2), Optional.empty()))).all().get();

            ProvisioningReport report = new TopicProvisioner(admin, Optional.empty(), TIMEOUT).provision(List.of(balances));

            assertThat(report.conforms()).isFalse();
            assertThat(report.mismatches()).containsExactlyInAnyOrder(
                    new TopicMismatch(balances.name(), "partitions", "6", "2"),
                    new TopicMismatch(balances.name(), "cleanup.policy", CleanupPolicy.COMPACT.configValue(), "delete"));
        }
    }

    @Test
    void avroRecordsRoundTripThroughTheRealRegistryAndBroker() throws Exception {
        TopicRegistry topics = TopicRegistry.standard().withPrefix(TestNames.topicPrefix()).withAccountPartitions(3);
        Topic<String, InferenceRequest> requests = topics.inferenceRequests();
        provision(requests);
        List<InferenceRequest> sent = IntStream.range(0, 200).mapToObj(ContractSuite::request).toList();
        Serde<String> keys = TopicSerdes.keySerde(requests, ClientProps.serde(cluster()));
        Serde<InferenceRequest> values = TopicSerdes.valueSerde(requests, ClientProps.serde(cluster()));

        try (KafkaProducer<String, InferenceRequest> producer = new KafkaProducer<>(
                ClientProps.producer(cluster(), null), keys.serializer(), values.serializer())) {
            for (InferenceRequest request : sent) {
                producer.send(new ProducerRecord<>(requests.name(), request.getAccountId(), request)).get();
            }
        }

        // a serde of its own, as in another process: it must fetch the writer's schema from the registry
        Serde<InferenceRequest> freshValues = TopicSerdes.valueSerde(requests, ClientProps.serde(cluster()));
        List<InferenceRequest> received = consumeAll(requests, freshValues, sent.size(), true);
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void onlyCommittedTransactionsAreVisibleToReadCommittedConsumers() throws Exception {
        TopicRegistry topics = TopicRegistry.standard().withPrefix(TestNames.topicPrefix()).withAccountPartitions(2);
        Topic<String, CreditGrant> grants = topics.creditGrants();
        provision(grants);
        Serde<CreditGrant> values = TopicSerdes.valueSerde(grants, ClientProps.serde(cluster()));

        try (KafkaProducer<String, CreditGrant> producer = new KafkaProducer<>(
                cluster().transactionalProducerProps(KafkaStack.uniqueName("tx")),
                TopicSerdes.keySerde(grants, Map.of()).serializer(), values.serializer())) {
            producer.initTransactions();
            for (int round = 0; round < 3; round++) {
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(grants.name(), "acct-" + round, grant("aborted-" + round, 1)));
                producer.send(new ProducerRecord<>(grants.name(), "acct-" + (round + 1), grant("aborted-" + round + "b", 1)));
                producer.flush();   // in the log before the abort; unsent batches would just be dropped
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(grants.name(), "acct-" + round, grant("committed-" + round, 2)));
                producer.commitTransaction();
            }
        }

        assertThat(consumeAll(grants, values, 3, true)).extracting(CreditGrant::getGrantId)
                .containsExactlyInAnyOrder("committed-0", "committed-1", "committed-2");
        // the aborted records are in the log all the same: only the isolation level hides them
        assertThat(consumeAll(grants, values, 9, false)).extracting(CreditGrant::getGrantId)
                .hasSize(9).contains("aborted-0", "aborted-2b");
    }

    private void provision(Topic<?, ?> topic) {
        try (Admin admin = Admin.create(ClientProps.admin(cluster()))) {
            new TopicProvisioner(admin, Optional.empty(), TIMEOUT).provision(List.of(topic)).requireConforming();
        }
    }

    /** Reads until {@code expected} records arrived, then a little longer to catch extras. */
    private <V> List<V> consumeAll(Topic<String, V> topic, Serde<V> values, int expected, boolean readCommitted) {
        List<V> received = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(ClientProps.consumer(cluster(),
                TestNames.unique("group"), readCommitted), TopicSerdes.keySerde(topic, Map.of()).deserializer(),
                values.deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            Await.until(TIMEOUT, expected + " records on " + topic.name(), () -> {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(100))) {
                    received.add(record.value());
                }
                return received.size() >= expected;
            });
            for (int i = 0; i < 3; i++) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> received.add(record.value()));
            }
        }
        return received;
    }

    private static InferenceRequest request(int i) {
        return InferenceRequest.newBuilder()
                .setRequestId("req-" + i)
                .setAccountId("acct-" + (i % 7))
                .setModel(i % 2 == 0 ? "anthropic/claude-opus-4-6" : "claude-opus")
                .setInput(Input.newBuilder().setCapability(Capability.CHAT)
                        .setMessages(List.of(Message.newBuilder().setRole("user").setContent("question " + i).build()))
                        .build())
                .setCache(CacheOptions.newBuilder().setSkipCache(i % 3 == 0).setTtlSeconds(60L).build())
                .setMetadata(Map.of("n", Integer.toString(i)))
                .setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .build();
    }

    private static CreditGrant grant(String id, long credits) {
        return CreditGrant.newBuilder().setGrantId(id).setAccountId("acct-1").setAmountMicros(credits * 1_000_000)
                .setKind(GrantKind.TOP_UP).setReason("test").setIssuedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
    }

}
