package io.inferline.workers.runtime;

import static io.inferline.workers.runtime.RoutedRequests.NOW;
import static io.inferline.workers.runtime.RoutedRequests.chat;
import static io.inferline.workers.runtime.RoutedRequests.work;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.InferenceResponse;
import io.inferline.avro.Output;
import io.inferline.avro.RequestLogEntry;
import io.inferline.avro.ResponseStatus;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.Usage;
import io.inferline.schemas.serde.AvroSerdeConfig;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.TopicRegistry;
import io.inferline.workers.provider.AdapterResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class ResultRecordsTest {

    private final TopicRegistry topics = TopicRegistry.standard();
    private final Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://result-records-test");

    private ResultRecords results(int maxRecordBytes) {
        return new ResultRecords(topics, "openai", new ResultRecords.Serializers(
                TopicSerdes.valueSerde(topics.inferenceResponses(), serde).serializer(),
                TopicSerdes.valueSerde(topics.usageEvents(), serde).serializer(),
                TopicSerdes.valueSerde(topics.requestLog(), serde).serializer(),
                TopicSerdes.valueSerde(topics.providerRequests("openai"), serde).serializer(),
                TopicSerdes.valueSerde(topics.providerTasks(), serde).serializer()), topic -> true, maxRecordBytes);
    }

    private static AdapterResult.Success answer(String text) {
        return new AdapterResult.Success(Output.newBuilder().setText(text).build(),
                Usage.newBuilder().setInputTokens(3).setOutputTokens(text.length() / 4).build(), Optional.of("up-1"));
    }

    private static Work request(RoutedRequest routed) {
        return work("provider-requests-openai", 0, 7, Lane.INTERACTIVE, routed);
    }

    private <V> V value(ProducerRecord<byte[], byte[]> record, Class<V> type, io.inferline.schemas.topic.Topic<?, V> topic) {
        return TopicSerdes.valueSerde(topic, serde).deserializer().deserialize(record.topic(), record.value());
    }

    @Test
    void aSuccessIsAResponseAUsageEventAndALogEntry() {
        List<ProducerRecord<byte[], byte[]>> records = results(100_000).succeeded(request(chat("r-1", null)), answer("hello"), 42, NOW);

        assertThat(records).extracting(ProducerRecord::topic).containsExactly("inference-responses", "usage-events", "request-log");
        InferenceResponse response = value(records.get(0), InferenceResponse.class, topics.inferenceResponses());
        assertThat(response.getCostMicros()).isEqualTo(42);
        assertThat(response.getUpstreamRequestId()).isEqualTo("up-1");
        assertThat(new String(records.get(1).key())).isEqualTo("acct");
    }

    @Test
    void anAnswerTooLargeForARecordEndsFailedInsteadOfFailingEveryTransaction() {
        List<ProducerRecord<byte[], byte[]>> records = results(2_000).succeeded(request(chat("r-2", null)), answer("x".repeat(5_000)), 42, NOW);

        InferenceResponse response = value(records.get(0), InferenceResponse.class, topics.inferenceResponses());
        assertThat(response.getStatus()).isEqualTo(ResponseStatus.FAILED);
        assertThat(response.getError().getCode()).isEqualTo("response_too_large");
        assertThat(records).extracting(ProducerRecord::topic).contains("provider-requests-openai-dlq");
        assertThat(records).allSatisfy(record -> assertThat(record.value().length).isLessThan(2_000));
    }

    @Test
    void aPayloadTooLargeToLogIsLeftOutOfTheLog() {
        RoutedRequest routed = chat("r-3", null);
        routed.getRequest().getInput().getMessages().get(0).setContent("a long question ".repeat(150));
        List<ProducerRecord<byte[], byte[]>> records = results(2_000).succeeded(request(routed), answer("a short answer"), 42, NOW);

        RequestLogEntry entry = value(records.get(2), RequestLogEntry.class, topics.requestLog());
        assertThat(value(records.get(0), InferenceResponse.class, topics.inferenceResponses()).getStatus()).isEqualTo(ResponseStatus.SUCCEEDED);
        assertThat(entry.getPayloadLogged()).isFalse();
        assertThat(entry.getRequestPayload()).isNull();
        assertThat(entry.getResponsePayload()).isNull();
    }

    @Test
    void aReplyTopicThatIsOneOfInferlinesOwnIsNotWrittenTo() {
        RoutedRequest routed = chat("r-4", null);
        routed.getRequest().setReplyTopic("usage-events");

        List<ProducerRecord<byte[], byte[]>> records = results(100_000).succeeded(request(routed), answer("hi"), 1, NOW);

        assertThat(records.get(0).topic()).isEqualTo("inference-responses");
        assertThat(value(records.get(0), InferenceResponse.class, topics.inferenceResponses()).getMetadata())
                .containsEntry("inferline.reply_topic_missing", "usage-events");
    }
}
