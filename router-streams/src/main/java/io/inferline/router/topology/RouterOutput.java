package io.inferline.router.topology;

import io.inferline.avro.BudgetReservation;
import io.inferline.avro.CachedResponse;
import io.inferline.avro.InferenceResponse;
import io.inferline.avro.RoutedRequest;
import io.inferline.avro.UsageEvent;

/** What the router's processors emit; each kind goes to its own sink with its own serde. */
sealed interface RouterOutput {

    /** A request for a provider topic (interactive or batch lane). */
    record Routed(String topic, RoutedRequest request) implements RouterOutput {
    }

    /** An answer without a provider call: an error, a cache hit, a duplicate. */
    record Answered(String topic, InferenceResponse response) implements RouterOutput {
    }

    /** A reservation against the account's credit pool. */
    record Reserved(BudgetReservation reservation) implements RouterOutput {
    }

    /** A zero-cost usage record (cache hits), so usage analytics count them. */
    record Used(UsageEvent usage) implements RouterOutput {
    }

    /** A successful response to keep in the response cache. */
    record Cached(CachedResponse entry) implements RouterOutput {
    }

    /** A record that could not be decoded or addressed, with its original bytes. */
    record DeadLettered(byte[] key, byte[] value) implements RouterOutput {
    }
}
