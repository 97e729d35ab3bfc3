package io.inferline.billing.query;

import io.inferline.avro.CreditBalance;
import io.inferline.avro.UsageWindow;
import io.inferline.schemas.topic.UsageWindowSize;
import java.util.OptionalInt;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * The state stores this instance can read: one partition's (for an account it owns), or all its
 * active partitions' together (empty partition). Implementations throw
 * {@link org.apache.kafka.streams.errors.InvalidStateStoreException} while stores are not queryable.
 */
public interface LocalStores {

    ReadOnlyKeyValueStore<String, CreditBalance> balances(OptionalInt partition);

    ReadOnlyWindowStore<String, UsageWindow> usage(UsageWindowSize size, OptionalInt partition);

    /** Batch jobs' answers counted so far, by {@code account NUL job id}. */
    ReadOnlyKeyValueStore<String, io.inferline.avro.BatchJob> jobProgress(OptionalInt partition);

    /** Every batch job's record (a global table: any instance has all of them). */
    ReadOnlyKeyValueStore<String, io.inferline.avro.BatchJob> jobs();
}
