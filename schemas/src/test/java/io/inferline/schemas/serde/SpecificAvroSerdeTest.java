package io.inferline.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferline.test.serde.Greeting;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpecificAvroSerdeTest {

    private final String scope = "serde-test-" + UUID.randomUUID();
    private final Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope);
    private final Greeting greeting = Greeting.newBuilder().setName("ada").setCount(7).setNote("n")
            .setAt(Instant.ofEpochMilli(1_700_000_000_000L)).build();

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    private SpecificAvroSerde<Greeting> serde() {
        SpecificAvroSerde<Greeting> serde = new SpecificAvroSerde<>(Greeting.class);
        serde.configure(config, false);
        return serde;
    }

    @Test
    void roundTripsThroughTheMockRegistry() {
        try (SpecificAvroSerde<Greeting> serde = serde()) {
            byte[] bytes = serde.serializer().serialize("greetings", greeting);

            assertThat(serde.deserializer().deserialize("greetings", bytes)).isEqualTo(greeting);
        }
    }

    @Test
    void registersUnderTheTopicNameStrategySubjects() {
        try (SpecificAvroSerde<Greeting> values = serde(); SpecificAvroSerde<Greeting> keys = new SpecificAvroSerde<>(Greeting.class)) {
            keys.configure(config, true);
            values.serializer().serialize("greetings", greeting);
            keys.serializer().serialize("greetings", greeting);

            MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
            assertThat(registry.latest("greetings-value").schema()).isEqualTo(Greeting.getClassSchema());
            assertThat(registry.latest("greetings-key").id()).isEqualTo(registry.latest("greetings-value").id());
        }
    }

    @Test
    void anotherSerdeOfTheSameScopeReadsWhatOneWrote() {
        byte[] bytes;
        try (SpecificAvroSerde<Greeting> writer = serde()) {
            bytes = writer.serializer().serialize("greetings", greeting);
        }
        SpecificAvroDeserializer<Greeting> reader = new SpecificAvroDeserializer<>();
        reader.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope,
                AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG, Greeting.class.getName()), false);

        assertThat(reader.deserialize("greetings", bytes)).isEqualTo(greeting);
    }

    @Test
    void nullIsATombstoneBothWays() {
        try (SpecificAvroSerde<Greeting> serde = serde()) {
            assertThat(serde.serializer().serialize("greetings", null)).isNull();
            assertThat(serde.deserializer().deserialize("greetings", null)).isNull();
        }
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsAClearError() {
        SpecificAvroSerializer<Greeting> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope,
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false), false);

        assertThatThrownBy(() -> serializer.serialize("greetings", greeting))
                .isInstanceOf(AvroSerdeException.RegistryRejected.class)
                .hasMessageContaining("topic greetings")
                .hasMessageContaining("greetings-value");
    }

    @Test
    void useLatestVersionWritesWithTheLatestId() {
        int id = MockSchemaRegistry.forScope(scope).register("greetings-value", Greeting.getClassSchema());
        SpecificAvroSerializer<Greeting> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope,
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false, AvroSerdeConfig.USE_LATEST_VERSION_CONFIG, true), false);

        byte[] bytes = serializer.serialize("greetings", greeting);

        assertThat(WireFormat.readSchemaId(bytes)).isEqualTo(id);
    }

    @Test
    void bytesWithoutTheMagicByteAreRejectedByName() {
        try (SpecificAvroSerde<Greeting> serde = serde()) {
            byte[] bytes = serde.serializer().serialize("greetings", greeting);
            bytes[0] = 0x7b;   // '{': someone wrote JSON to the topic

            assertThatThrownBy(() -> serde.deserializer().deserialize("greetings", bytes))
                    .isInstanceOf(AvroSerdeException.InvalidWireFormat.class)
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic greetings")
                    .hasMessageContaining("0x7b, not the magic byte");
        }
    }

    @Test
    void aRecordShorterThanTheHeaderIsRejected() {
        try (SpecificAvroSerde<Greeting> serde = serde()) {
            assertThatThrownBy(() -> serde.deserializer().deserialize("greetings", new byte[] {0, 0, 1}))
                    .isInstanceOf(AvroSerdeException.InvalidWireFormat.class)
                    .hasMessageContaining("record has 3 bytes");
        }
    }

    @Test
    void anUnknownSchemaIdIsNamed() {
        try (SpecificAvroSerde<Greeting> serde = serde()) {
            byte[] bytes = {0, 0, 0, 0x30, 0x39, 2, 'a', 0, 0, 0};   // schema id 12345

            assertThatThrownBy(() -> serde.deserializer().deserialize("greetings", bytes))
                    .isInstanceOfSatisfying(AvroSerdeException.UnknownSchemaId.class,
                            e -> assertThat(e.schemaId()).hasValue(12345))
                    .hasMessageContaining("topic greetings, schema id 12345");
        }
    }

    @Test
    void aTruncatedPayloadIsRejectedWithItsSchemaId() {
        try (SpecificAvroSerde<Greeting> serde = serde()) {
            byte[] bytes = serde.serializer().serialize("greetings", greeting);
            byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
            int id = WireFormat.readSchemaId(bytes);

            assertThatThrownBy(() -> serde.deserializer().deserialize("greetings", truncated))
                    .isInstanceOf(AvroSerdeException.InvalidWireFormat.class)
                    .hasMessageContaining("schema id " + id)
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void aRegistryThatIsDownIsReportedWithTheTopic() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SpecificAvroSerde<Greeting> serde = new SpecificAvroSerde<>(Greeting.class);
        serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://127.0.0.1:" + closedPort,
                AvroSerdeConfig.MAX_RETRIES_CONFIG, 0), false);

        assertThatThrownBy(() -> serde.serializer().serialize("greetings", greeting))
                .isInstanceOf(AvroSerdeException.RegistryUnavailable.class)
                .hasMessageContaining("topic greetings")
                .hasMessageContaining("127.0.0.1:" + closedPort);
        serde.close();
    }

    @Test
    void afterWarmUpNoCallReachesTheRegistry() {
        CountingRegistry registry = new CountingRegistry(9);
        CachingSchemaRegistryClient cached = new CachingSchemaRegistryClient(registry);
        SpecificAvroSerializer<Greeting> serializer = new SpecificAvroSerializer<>(cached, true);
        SpecificAvroDeserializer<Greeting> deserializer = new SpecificAvroDeserializer<>(Greeting.class, cached);

        for (int i = 0; i < 1_000; i++) {
            Greeting g = Greeting.newBuilder(greeting).setCount(i).build();
            assertThat(deserializer.deserialize("greetings", serializer.serialize("greetings", g))).isEqualTo(g);
        }

        assertThat(registry.registers).hasValue(1);
        assertThat(registry.fetches).hasValue(0);   // the id of a registered schema is known both ways
    }

    @Test
    void anUnknownCredentialsSourceFailsConfigurationNamingTheKey() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://localhost:1",
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG);
    }

    @Test
    void aMissingRegistryUrlFailsConfigurationNamingTheKey() {
        assertThatThrownBy(() -> new AvroSerdeConfig(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG);
    }
}
