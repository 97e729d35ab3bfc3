package io.inferline.router.topology;

import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** Serializes the record inside an output wrapper, so one typed sink can route by the wrapper's topic. */
final class WrappedSerializer<W, V> implements Serializer<W> {
    private final Serializer<V> inner;
    private final Function<W, V> unwrap;

    WrappedSerializer(Serializer<V> inner, Function<W, V> unwrap) {
        this.inner = inner;
        this.unwrap = unwrap;
    }

    /** A serde for sinks only: the wrapper is never read back. */
    static <W, V> org.apache.kafka.common.serialization.Serde<W> writeOnlySerde(
            org.apache.kafka.common.serialization.Serde<V> inner, Function<W, V> unwrap) {
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(new WrappedSerializer<>(inner.serializer(), unwrap),
                (topic, bytes) -> {
                    throw new UnsupportedOperationException("router outputs are written, never read back");
                });
    }

    @Override
    public byte[] serialize(String topic, W wrapped) {
        return inner.serialize(topic, wrapped == null ? null : unwrap.apply(wrapped));
    }

    @Override
    public byte[] serialize(String topic, Headers headers, W wrapped) {
        return inner.serialize(topic, headers, wrapped == null ? null : unwrap.apply(wrapped));
    }
}
