package io.inferline.schemas.serde;

import static io.inferline.schemas.serde.TestRecords.GREETING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferline.test.serde.Greeting;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** After warm-up the hot path makes no registry call: ids and schemas are cached both ways. */
class RegistryCachingTest {

    private static Greeting greeting(int i) {
        return Greeting.newBuilder(GREETING).setCount(i).build();
    }

    @Test
    void afterWarmUpNoCallReachesTheRegistry() {
        CountingRegistry registry = new CountingRegistry(9);
        CachingSchemaRegistryClient cached = new CachingSchemaRegistryClient(registry);
        SpecificAvroSerializer<Greeting> serializer = new SpecificAvroSerializer<>(cached, true);
        SpecificAvroDeserializer<Greeting> deserializer = new SpecificAvroDeserializer<>(Greeting.class, cached);

        for (int i = 0; i < 1_000; i++) {
            assertThat(deserializer.deserialize("greetings", serializer.serialize("greetings", greeting(i))))
                    .isEqualTo(greeting(i));
        }

        assertThat(registry.registers).hasValue(1);
        assertThat(registry.fetches).hasValue(0);   // the id of a registered schema is known both ways
    }

    @Test
    void aReaderWithItsOwnClientFetchesEachIdOnce() {
        CountingRegistry registry = new CountingRegistry(9);
        SpecificAvroSerializer<Greeting> serializer = new SpecificAvroSerializer<>(new CachingSchemaRegistryClient(registry), true);
        SpecificAvroDeserializer<Greeting> deserializer =
                new SpecificAvroDeserializer<>(Greeting.class, new CachingSchemaRegistryClient(registry));

        for (int i = 0; i < 1_000; i++) {
            deserializer.deserialize("greetings", serializer.serialize("greetings", greeting(i)));
        }

        assertThat(registry.registers).hasValue(1);
        assertThat(registry.fetches).hasValue(1);
    }

    @Test
    void aLookedUpIdIsCachedLikeARegisteredOne() {
        CountingRegistry registry = new CountingRegistry(9);
        registry.register("greetings-value", Greeting.getClassSchema());
        SpecificAvroSerializer<Greeting> serializer = new SpecificAvroSerializer<>(new CachingSchemaRegistryClient(registry), false);

        for (int i = 0; i < 100; i++) {
            serializer.serialize("greetings", greeting(i));
            serializer.serialize("greetings-copy", greeting(i));   // another topic: another subject, one more lookup
        }

        assertThat(registry.lookups).hasValue(2);
    }

    @Test
    void useLatestVersionAsksOncePerTopic() {
        CountingRegistry registry = new CountingRegistry(9);
        registry.register("greetings-value", Greeting.getClassSchema());
        SpecificAvroSerializer<Greeting> serializer = new SpecificAvroSerializer<>(registry, true);
        serializer.configure(new AvroSerdeConfig(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://unused",
                AvroSerdeConfig.USE_LATEST_VERSION_CONFIG, true)), false, registry);

        for (int i = 0; i < 100; i++) {
            serializer.serialize("greetings", greeting(i));
        }

        assertThat(registry.latests).hasValue(1);
    }

    @Test
    void failuresAreNotCached() {
        CountingRegistry registry = new CountingRegistry(9);
        registry.register("greetings-value", Greeting.getClassSchema());
        registry.fetchFailuresLeft.set(1);
        CachingSchemaRegistryClient cached = new CachingSchemaRegistryClient(registry);

        assertThatThrownBy(() -> cached.schemaById(9)).isInstanceOf(SchemaRegistryException.Unavailable.class);
        assertThat(cached.schemaById(9)).isEqualTo(Greeting.getClassSchema());
        assertThat(cached.schemaById(9)).isEqualTo(Greeting.getClassSchema());
        assertThat(registry.fetches).hasValue(2);
    }

    @Test
    void overHttpTheRegistryCanGoAwayAfterWarmUp() {
        Map<String, Object> config;
        byte[] first;
        SpecificAvroSerde<Greeting> writer = new SpecificAvroSerde<>(Greeting.class);
        SpecificAvroSerde<Greeting> reader = new SpecificAvroSerde<>(Greeting.class);
        try (FakeRegistryServer registry = new FakeRegistryServer()) {
            config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.baseUrl(), AvroSerdeConfig.MAX_RETRIES_CONFIG, 0);
            writer.configure(config, false);
            reader.configure(config, false);
            first = writer.serializer().serialize("greetings", greeting(0));
            assertThat(reader.deserializer().deserialize("greetings", first)).isEqualTo(greeting(0));
            assertThat(registry.requestLines()).containsExactly(
                    "POST /subjects/greetings-value/versions", "GET /schemas/ids/1");
        }

        try (writer; reader) {   // the registry is stopped: everything now comes from the caches
            for (int i = 1; i < 500; i++) {
                assertThat(reader.deserializer().deserialize("greetings", writer.serializer().serialize("greetings", greeting(i))))
                        .isEqualTo(greeting(i));
            }
            assertThatThrownBy(() -> writer.serializer().serialize("other-topic", greeting(1)))
                    .isInstanceOf(AvroSerdeException.RegistryUnavailable.class);   // proof that it really is gone
        }
    }
}
