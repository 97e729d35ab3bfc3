package io.inferline.schemas.serde;

import static io.inferline.schemas.serde.TestRecords.GREETING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferline.test.serde.Greeting;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input and registry trouble each give a typed SerializationException naming the topic, the id and the cause. */
class DeserializationFailuresTest {

    private final String scope = "serde-failures-" + UUID.randomUUID();
    private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
    private final SpecificAvroSerde<Greeting> serde = new SpecificAvroSerde<>(Greeting.class);

    DeserializationFailuresTest() {
        serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope), false);
    }

    @AfterEach
    void dropScope() {
        serde.close();
        MockSchemaRegistry.dropScope(scope);
    }

    private Greeting read(byte[] bytes) {
        return serde.deserializer().deserialize("greetings", bytes);
    }

    @Test
    void bytesWithoutTheMagicByte() {
        byte[] json = "{\"name\":\"ada\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);   // someone wrote JSON

        assertThatThrownBy(() -> read(json))
                .isInstanceOf(AvroSerdeException.InvalidWireFormat.class)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic greetings")
                .hasMessageContaining("0x7b, not the magic byte");
    }

    @Test
    void aRecordShorterThanTheHeader() {
        assertThatThrownBy(() -> read(new byte[] {0, 0, 1}))
                .isInstanceOfSatisfying(AvroSerdeException.InvalidWireFormat.class,
                        e -> assertThat(e.schemaId()).isEmpty())
                .hasMessageContaining("topic greetings")
                .hasMessageContaining("record has 3 bytes");
    }

    @Test
    void anUnknownSchemaId() {
        byte[] bytes = {0, 0, 0, 0x30, 0x39, 2, 'a', 0, 0, 0};   // schema id 12345

        assertThatThrownBy(() -> read(bytes))
                .isInstanceOfSatisfying(AvroSerdeException.UnknownSchemaId.class, e -> {
                    assertThat(e.schemaId()).hasValue(12345);
                    assertThat(e.topic()).isEqualTo("greetings");
                    assertThat(e.getCause()).isInstanceOf(SchemaRegistryException.RequestRejected.class);
                })
                .hasMessageContaining("topic greetings, schema id 12345")
                .hasMessageContaining("not found");
    }

    @Test
    void aTruncatedPayload() {
        byte[] bytes = serde.serializer().serialize("greetings", GREETING);
        int id = WireFormat.readSchemaId(bytes);

        assertThatThrownBy(() -> read(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOfSatisfying(AvroSerdeException.InvalidWireFormat.class,
                        e -> assertThat(e.schemaId()).hasValue(id))
                .hasMessageContaining("topic greetings, schema id " + id)
                .hasMessageContaining("truncated")
                .hasCauseInstanceOf(java.io.EOFException.class);
    }

    @Test
    void bytesLeftOverAfterTheRecord() {
        byte[] bytes = serde.serializer().serialize("greetings", GREETING);
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 2);

        assertThatThrownBy(() -> read(longer))
                .isInstanceOf(AvroSerdeException.InvalidWireFormat.class)
                .hasMessageContaining("2 of " + (longer.length - 5) + " payload bytes are left over");
    }

    @Test
    void aWriterSchemaTheReaderCannotResolve() {
        Schema countAsString = TestRecords.schema("greeting-count-as-string.avsc");
        int id = registry.register("greetings-value", countAsString);
        GenericRecord record = new GenericData.Record(countAsString);
        record.put("name", "ada");
        record.put("count", "seven");
        record.put("note", null);
        record.put("at", 0L);

        assertThatThrownBy(() -> read(TestRecords.wireBytes(id, record)))
                .isInstanceOfSatisfying(AvroSerdeException.IncompatibleSchema.class,
                        e -> assertThat(e.schemaId()).hasValue(id))
                .hasMessageContaining("topic greetings, schema id " + id)
                .hasMessageContaining("cannot be read as io.inferline.test.serde.Greeting")
                .hasMessageContaining("/fields/1/type");
    }

    @Test
    void aWriterSchemaWithoutAGeneratedClassWhenNoTypeIsGiven() {
        Schema farewell = TestRecords.schema("unknown-record.avsc");
        int id = registry.register("farewells-value", farewell);
        GenericRecord record = new GenericData.Record(farewell);
        record.put("name", "ada");
        SpecificAvroDeserializer<SpecificRecord> untyped = new SpecificAvroDeserializer<>();
        untyped.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope), false);

        assertThatThrownBy(() -> untyped.deserialize("farewells", TestRecords.wireBytes(id, record)))
                .isInstanceOf(AvroSerdeException.IncompatibleSchema.class)
                .hasMessageContaining("topic farewells, schema id " + id)
                .hasMessageContaining("no generated class io.inferline.test.serde.absent.Farewell")
                .hasMessageContaining(AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG);
    }

    @Test
    void aRegistryThatIsDownWhenReading() throws IOException {
        byte[] bytes = {0, 0, 0, 0, 9, 2, 'a', 0, 0, 0};   // schema id 9, never fetched by this client
        String down = "http://127.0.0.1:" + closedPort();
        SpecificAvroDeserializer<Greeting> deserializer = new SpecificAvroDeserializer<>(Greeting.class);
        deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, down,
                AvroSerdeConfig.MAX_RETRIES_CONFIG, 0), false);

        try (deserializer) {
            assertThatThrownBy(() -> deserializer.deserialize("greetings", bytes))
                    .isInstanceOfSatisfying(AvroSerdeException.RegistryUnavailable.class, e -> {
                        assertThat(e.schemaId()).hasValue(9);
                        assertThat(e.getCause()).isInstanceOf(SchemaRegistryException.Unavailable.class)
                                .hasRootCauseInstanceOf(IOException.class);
                    })
                    .hasMessageContaining("topic greetings, schema id 9")
                    .hasMessageContaining(down + " unreachable to fetch schema id 9");
        }
    }

    @Test
    void aRegistryThatIsDownWhenWriting() throws IOException {
        String down = "http://127.0.0.1:" + closedPort();
        SpecificAvroSerde<Greeting> unreachable = new SpecificAvroSerde<>(Greeting.class);
        unreachable.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, down,
                AvroSerdeConfig.MAX_RETRIES_CONFIG, 0), false);

        try (unreachable) {
            assertThatThrownBy(() -> unreachable.serializer().serialize("greetings", GREETING))
                    .isInstanceOfSatisfying(AvroSerdeException.RegistryUnavailable.class,
                            e -> assertThat(e.schemaId()).isEmpty())
                    .hasMessageContaining("topic greetings")
                    .hasMessageContaining(down + " unreachable to register a schema under subject greetings-value");
        }
    }

    @Test
    void aRegistryThatRefusesTheCredentials() {
        try (FakeRegistryServer server = new FakeRegistryServer()) {
            server.failNext(1, 401, 40101);
            SpecificAvroSerde<Greeting> refused = new SpecificAvroSerde<>(Greeting.class);
            refused.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, server.baseUrl(),
                    AvroSerdeConfig.BASIC_AUTH_USER_INFO_CONFIG, "svc:wrong-Secret"), false);

            try (refused) {
                assertThatThrownBy(() -> refused.serializer().serialize("greetings", GREETING))
                        .isInstanceOfSatisfying(AvroSerdeException.RegistryRejected.class, e ->
                                assertThat(((SchemaRegistryException.RequestRejected) e.getCause()).isUnauthorized()).isTrue())
                        .hasMessageContaining("topic greetings")
                        .hasMessageContaining("HTTP 401")
                        .satisfies(e -> assertThat(e.toString()).doesNotContain("wrong-Secret"));
            }
        }
    }

    @Test
    void aRecordAvroCannotEncode() {
        Greeting invalid = new Greeting();   // generated no-arg constructor: name is null, not nullable

        assertThatThrownBy(() -> serde.serializer().serialize("greetings", invalid))
                .isInstanceOf(AvroSerdeException.class)
                .hasMessageContaining("topic greetings")
                .hasMessageContaining("cannot encode io.inferline.test.serde.Greeting");
        // the failed record leaves nothing behind in the reused buffer
        assertThat(read(serde.serializer().serialize("greetings", GREETING))).isEqualTo(GREETING);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
