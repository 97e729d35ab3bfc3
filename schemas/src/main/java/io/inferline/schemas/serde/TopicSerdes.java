package io.inferline.schemas.serde;

import io.inferline.schemas.topic.Topic;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The configured serdes of a topic's keys and values: strings, raw bytes, or Avro specific records. */
public final class TopicSerdes {

    private TopicSerdes() {
    }

    /** The key serde of {@code topic}, configured with {@code serdeConfig} (schema.registry.url, ...). */
    public static <K> Serde<K> keySerde(Topic<K, ?> topic, Map<String, ?> serdeConfig) {
        return serdeFor(topic.keyType(), serdeConfig, true);
    }

    /** The value serde of {@code topic}, configured with {@code serdeConfig}. */
    public static <V> Serde<V> valueSerde(Topic<?, V> topic, Map<String, ?> serdeConfig) {
        return serdeFor(topic.valueType(), serdeConfig, false);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> Serde<T> serdeFor(Class<T> type, Map<String, ?> serdeConfig, boolean isKey) {
        if (type == String.class) {
            return (Serde<T>) Serdes.String();
        }
        if (type == byte[].class) {
            return (Serde<T>) Serdes.ByteArray();
        }
        if (SpecificRecord.class.isAssignableFrom(type)) {
            Serde serde = new SpecificAvroSerde(type.asSubclass(SpecificRecord.class));
            serde.configure(serdeConfig, isKey);
            return serde;
        }
        throw new IllegalArgumentException("no serde for " + type.getName());
    }
}
