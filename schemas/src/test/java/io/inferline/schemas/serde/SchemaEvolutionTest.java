package io.inferline.schemas.serde;

import static io.inferline.schemas.serde.TestRecords.GREETING;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.test.serde.Greeting;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Old data reads with new classes: the writer schema (by id) is resolved onto the reader class's schema. */
class SchemaEvolutionTest {

    private final String scope = "serde-evolution-" + UUID.randomUUID();
    private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    private static GenericRecord v1Greeting(Schema v1) {
        GenericRecord old = new GenericData.Record(v1);
        old.put("name", "ada");
        old.put("language", "en");
        old.put("count", 3);
        old.put("at", 1_000L);
        return old;
    }

    @Test
    void recordsOfAnOlderSchemaReadIntoTheCurrentClass() {
        Schema v1 = TestRecords.schema("greeting-v1.avsc");   // no 'note' yet, and a 'language' dropped since
        int v1Id = registry.register("greetings-value", v1);
        SpecificAvroDeserializer<Greeting> deserializer = new SpecificAvroDeserializer<>(Greeting.class);
        deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope), false);

        Greeting read = deserializer.deserialize("greetings", TestRecords.wireBytes(v1Id, v1Greeting(v1)));

        assertThat(read).isEqualTo(Greeting.newBuilder().setName("ada").setCount(3).setNote(null)
                .setAt(Instant.ofEpochMilli(1_000L)).build());
    }

    @Test
    void oneDeserializerReadsOldAndNewRecordsInterleaved() {
        Schema v1 = TestRecords.schema("greeting-v1.avsc");
        int v1Id = registry.register("greetings-value", v1);
        SpecificAvroSerde<Greeting> serde = new SpecificAvroSerde<>(Greeting.class);
        serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope), false);
        byte[] current = serde.serializer().serialize("greetings", GREETING);
        byte[] old = TestRecords.wireBytes(v1Id, v1Greeting(v1));

        assertThat(WireFormat.readSchemaId(current)).isNotEqualTo(v1Id);
        for (int i = 0; i < 3; i++) {
            assertThat(serde.deserializer().deserialize("greetings", old).getName()).isEqualTo("ada");
            assertThat(serde.deserializer().deserialize("greetings", current)).isEqualTo(GREETING);
        }
    }
}
