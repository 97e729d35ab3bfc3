package io.inferline.schemas.serde;

import static io.inferline.schemas.serde.TestRecords.GREETING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferline.test.serde.Greeting;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The serde as Kafka clients and Streams use it, against the in-process mock registry. */
class SpecificAvroSerdeTest {

    private final String scope = "serde-test-" + UUID.randomUUID();
    private final Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    private SpecificAvroSerde<Greeting> serde(boolean isKey) {
        SpecificAvroSerde<Greeting> serde = new SpecificAvroSerde<>(Greeting.class);
        serde.configure(config, isKey);
        return serde;
    }

    private Map<String, Object> config(Object... keyValues) {
        Map<String, Object> props = new HashMap<>(config);
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    @Test
    void roundTrips() {
        try (SpecificAvroSerde<Greeting> serde = serde(false)) {
            byte[] bytes = serde.serializer().serialize("greetings", GREETING);

            assertThat(bytes[0]).isZero();
            assertThat(serde.deserializer().deserialize("greetings", bytes)).isEqualTo(GREETING);
        }
    }

    @Test
    void isKeyChoosesTheSubject() {
        try (SpecificAvroSerde<Greeting> values = serde(false); SpecificAvroSerde<Greeting> keys = serde(true)) {
            values.serializer().serialize("greetings", GREETING);
            keys.serializer().serialize("greetings", GREETING);

            MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
            assertThat(registry.latest("greetings-value").schema()).isEqualTo(Greeting.getClassSchema());
            // content ids: one schema, one id, whichever subject
            assertThat(registry.latest("greetings-key").id()).isEqualTo(registry.latest("greetings-value").id());
        }
    }

    @Test
    void nullIsATombstoneBothWays() {
        try (SpecificAvroSerde<Greeting> serde = serde(false)) {
            assertThat(serde.serializer().serialize("greetings", null)).isNull();
            assertThat(serde.deserializer().deserialize("greetings", null)).isNull();
            assertThat(serde.deserializer().deserialize("greetings", new RecordHeaders(), (ByteBuffer) null)).isNull();
        }
    }

    @Test
    void worksWhenNamedInClientConfigs() throws ReflectiveOperationException {
        // what Kafka does with value.serializer / value.deserializer class names
        @SuppressWarnings("unchecked")
        Serializer<Greeting> serializer = SpecificAvroSerializer.class.getDeclaredConstructor().newInstance();
        @SuppressWarnings("unchecked")
        Deserializer<Greeting> deserializer = SpecificAvroDeserializer.class.getDeclaredConstructor().newInstance();
        serializer.configure(config, false);
        deserializer.configure(config(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG, Greeting.class.getName()), false);

        assertThat(deserializer.deserialize("greetings", serializer.serialize("greetings", GREETING))).isEqualTo(GREETING);
    }

    @Test
    void withoutATypeReadsIntoTheClassTheWriterSchemaNames() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Serde<SpecificRecord> serde = (Serde) new SpecificAvroSerde<>();   // as default.value.serde
        serde.configure(config, false);

        SpecificRecord read = serde.deserializer().deserialize("greetings",
                serde.serializer().serialize("greetings", GREETING));

        assertThat(read).isInstanceOf(Greeting.class).isEqualTo(GREETING);
    }

    @Test
    void readsStraightFromABufferSliceWithoutMovingIt() {
        try (SpecificAvroSerde<Greeting> serde = serde(false)) {
            byte[] record = serde.serializer().serialize("greetings", GREETING);
            byte[] fetch = new byte[record.length + 20];   // a consumer hands out slices of a larger buffer
            System.arraycopy(record, 0, fetch, 7, record.length);
            ByteBuffer slice = ByteBuffer.wrap(fetch, 7, record.length).slice();

            assertThat(serde.deserializer().deserialize("greetings", new RecordHeaders(), slice)).isEqualTo(GREETING);
            assertThat(slice.position()).isZero();
            assertThat(serde.deserializer().deserialize("greetings", new RecordHeaders(),
                    ByteBuffer.wrap(record).asReadOnlyBuffer())).isEqualTo(GREETING);
        }
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsAClearErrorAndARegisteredOneIsUsed() {
        SpecificAvroSerializer<Greeting> serializer = new SpecificAvroSerializer<>();
        serializer.configure(config(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false), false);

        assertThatThrownBy(() -> serializer.serialize("greetings", GREETING))
                .isInstanceOfSatisfying(AvroSerdeException.RegistryRejected.class,
                        e -> assertThat(e.getCause()).isInstanceOf(SchemaRegistryException.RequestRejected.class))
                .hasMessageContaining("topic greetings")
                .hasMessageContaining("subject greetings-value");

        int id = MockSchemaRegistry.forScope(scope).register("greetings-value", Greeting.getClassSchema());
        assertThat(WireFormat.readSchemaId(serializer.serialize("greetings", GREETING))).isEqualTo(id);
        assertThat(MockSchemaRegistry.forScope(scope).latest("greetings-value").id()).isEqualTo(id);
    }

    @Test
    void useLatestVersionWritesWithTheLatestIdInsteadOfRegistering() {
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
        registry.register("greetings-value", SchemaBuilder.record("Old").fields().requiredString("x").endRecord());
        // the latest: the same encoding as Greeting, with another doc (so another id)
        Schema latest = new Schema.Parser().parse(Greeting.getClassSchema().toString().replace("A small record", "Latest"));
        int latestId = registry.register("greetings-value", latest);
        SpecificAvroSerializer<Greeting> serializer = new SpecificAvroSerializer<>();
        serializer.configure(config(AvroSerdeConfig.USE_LATEST_VERSION_CONFIG, true), false);   // auto.register stays true

        byte[] bytes = serializer.serialize("greetings", GREETING);

        assertThat(WireFormat.readSchemaId(bytes)).isEqualTo(latestId);
        assertThatThrownBy(() -> registry.idOf("greetings-value", Greeting.getClassSchema()))
                .isInstanceOf(SchemaRegistryException.RequestRejected.class);   // nothing was registered
        try (SpecificAvroSerde<Greeting> serde = serde(false)) {
            assertThat(serde.deserializer().deserialize("greetings", bytes)).isEqualTo(GREETING);
        }
    }

    @Test
    void useLatestVersionRefusesALatestSchemaThatEncodesDifferently() {
        int otherId = MockSchemaRegistry.forScope(scope).register("greetings-value",
                SchemaBuilder.record("Greeting").namespace("io.inferline.test.serde").fields().requiredString("name").endRecord());
        SpecificAvroSerializer<Greeting> serializer = new SpecificAvroSerializer<>();
        serializer.configure(config(AvroSerdeConfig.USE_LATEST_VERSION_CONFIG, true), false);

        assertThatThrownBy(() -> serializer.serialize("greetings", GREETING))
                .isInstanceOfSatisfying(AvroSerdeException.class, e -> assertThat(e.schemaId()).hasValue(otherId))
                .hasMessageContaining("topic greetings")
                .hasMessageContaining("use.latest.version")
                .hasMessageContaining("greetings-value");
    }

    @Test
    void aScopeIsSharedUntilDropped() {
        byte[] bytes;
        try (SpecificAvroSerde<Greeting> writer = serde(false)) {
            bytes = writer.serializer().serialize("greetings", GREETING);
        }
        try (SpecificAvroSerde<Greeting> reader = serde(false)) {
            assertThat(reader.deserializer().deserialize("greetings", bytes)).isEqualTo(GREETING);
        }

        MockSchemaRegistry.dropScope(scope);

        try (SpecificAvroSerde<Greeting> reader = serde(false)) {
            assertThatThrownBy(() -> reader.deserializer().deserialize("greetings", bytes))
                    .isInstanceOf(AvroSerdeException.UnknownSchemaId.class);
        }
    }

    @Test
    void oneSerdeServesManyThreads() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (SpecificAvroSerde<Greeting> serde = serde(false)) {
            List<Callable<Boolean>> tasks = IntStream.range(0, 4).<Callable<Boolean>>mapToObj(t -> () -> {
                for (int i = 0; i < 500; i++) {
                    Greeting g = Greeting.newBuilder(GREETING).setCount(t * 1000 + i).setName("n" + i).build();
                    if (!serde.deserializer().deserialize("greetings", serde.serializer().serialize("greetings", g)).equals(g)) {
                        return false;
                    }
                }
                return true;
            }).toList();
            for (Future<Boolean> result : threads.invokeAll(tasks)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void usedBeforeConfigureIsAProgrammingError() {
        assertThatThrownBy(() -> new SpecificAvroSerializer<Greeting>().serialize("greetings", GREETING))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SpecificAvroDeserializer<>(Greeting.class).deserialize("greetings", new byte[] {0, 0, 0, 0, 1}))
                .isInstanceOf(IllegalStateException.class);
    }
}
