package io.inferline.cli.dlq;

import io.inferline.schemas.topic.DeadLetterHeaders;
import io.inferline.schemas.topic.TraceHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** One record of a dead-letter topic: the original bytes untouched and the {@code inferline.dlq.*} headers. */
record DeadLetter(int partition, long offset, byte[] key, byte[] value, Headers headers) {

    static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        return new DeadLetter(record.partition(), record.offset(), record.key(), record.value(), record.headers());
    }

    /** {@code partition:offset}, how the commands name a dead letter. */
    String position() {
        return partition + ":" + offset;
    }

    Optional<String> header(String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    Optional<String> sourceTopic() {
        return header(DeadLetterHeaders.SOURCE_TOPIC);
    }

    Optional<String> requestId() {
        return header(TraceHeaders.REQUEST_ID).or(() -> key == null ? Optional.empty()
                : Optional.of(new String(key, StandardCharsets.UTF_8)));
    }

    Optional<Instant> lastFailure() {
        return header(DeadLetterHeaders.LAST_FAILURE_MS).flatMap(text -> {
            try {
                return Optional.of(Instant.ofEpochMilli(Long.parseLong(text)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /** Every header as text, in record order (a repeated name keeps its last value). */
    Map<String, String> headerTexts() {
        Map<String, String> texts = new LinkedHashMap<>();
        for (Header header : headers) {
            texts.put(header.key(), header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
        }
        return texts;
    }
}
