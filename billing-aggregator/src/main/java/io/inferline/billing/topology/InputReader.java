package io.inferline.billing.topology;

import io.inferline.billing.ledger.Rejection;
import io.inferline.schemas.serde.AvroSerdeException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BiFunction;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decodes and checks the raw records of one input topic. A record that cannot be decoded or is not
 * acceptable becomes {@link LedgerInput.Rejected} (and then a dead letter) instead of stopping the
 * partition. A registry that cannot be reached or refuses us is not the record's fault: that error
 * is thrown, the stream thread is replaced and the record is read again.
 */
final class InputReader<T> implements Processor<byte[], byte[], String, LedgerInput> {

    /** Builds the typed input from the decoded value and the original bytes. */
    interface Wrap<T> {
        LedgerInput wrap(T value, byte[] key, byte[] bytes);
    }

    private final String topic;
    private final Deserializer<T> deserializer;
    private final BiFunction<String, T, Optional<Rejection>> check;
    private final Wrap<T> wrap;
    private ProcessorContext<String, LedgerInput> context;

    InputReader(String topic, Deserializer<T> deserializer, BiFunction<String, T, Optional<Rejection>> check, Wrap<T> wrap) {
        this.topic = topic;
        this.deserializer = deserializer;
        this.check = check;
        this.wrap = wrap;
    }

    @Override
    public void init(ProcessorContext<String, LedgerInput> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        T value;
        try {
            value = deserializer.deserialize(topic, record.value());
        } catch (AvroSerdeException.RegistryUnavailable | AvroSerdeException.RegistryRejected e) {
            throw e;
        } catch (SerializationException | AvroRuntimeException | NullPointerException e) {
            reject(record, key, e.getClass().getSimpleName(), String.valueOf(e.getMessage()), "decode");
            return;
        }
        if (value == null) {
            reject(record, key, Rejection.EMPTY_RECORD, "a null value (tombstone) is not an input of the ledger", "decode");
            return;
        }
        Optional<Rejection> rejection = check.apply(key, value);
        if (rejection.isPresent()) {
            reject(record, key, rejection.get().errorClass(), rejection.get().message(), "validate");
            return;
        }
        context.forward(record.withKey(key).withValue(wrap.wrap(value, record.key(), record.value())));
    }

    private void reject(Record<byte[], byte[]> record, String key, String errorClass, String message, String stage) {
        context.forward(record.withKey(key).withValue(
                new LedgerInput.Rejected(errorClass, message, stage, record.key(), record.value())));
    }
}
