package io.inferline.workers.runtime;

import io.inferline.avro.Capability;
import io.inferline.avro.InferenceRequest;
import io.inferline.avro.Input;
import io.inferline.avro.Message;
import io.inferline.avro.RoutedRequest;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Routed requests and their records for the runtime's unit tests. */
final class RoutedRequests {
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private RoutedRequests() {
    }

    static RoutedRequest chat(String requestId, String jobId) {
        InferenceRequest request = InferenceRequest.newBuilder()
                .setRequestId(requestId).setAccountId("acct").setJobId(jobId).setModel("openai/gpt-4o-mini")
                .setInput(Input.newBuilder().setCapability(Capability.CHAT)
                        .setMessages(List.of(Message.newBuilder().setRole("user").setContent("hello there").build())).build())
                .setCreatedAt(NOW).build();
        return RoutedRequest.newBuilder().setRequest(request).setProvider("openai").setModel("gpt-4o-mini")
                .setSlug("openai/gpt-4o-mini").setReservedMicros(1_000).setAttempt(1).setRoutedAt(NOW).build();
    }

    static Work work(String topic, int partition, long offset, Lane lane, RoutedRequest routed) {
        PartitionLedger ledger = new PartitionLedger();
        return new Work(new ConsumerRecord<>(topic, partition, offset, new byte[0], new byte[0]), lane, routed, ledger.open(offset));
    }
}
