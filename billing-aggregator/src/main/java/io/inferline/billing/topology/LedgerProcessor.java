package io.inferline.billing.topology;

import io.inferline.avro.AccountProfile;
import io.inferline.avro.BalanceAlert;
import io.inferline.avro.BudgetReservation;
import io.inferline.avro.CreditBalance;
import io.inferline.avro.CreditGrant;
import io.inferline.avro.UsageEvent;
import io.inferline.billing.ledger.BalanceAlerts;
import io.inferline.billing.ledger.CreditLedger;
import io.inferline.billing.ledger.Rejection;
import io.inferline.schemas.topic.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The only writer of balances. Applies an account's grants, the router's reservations and the
 * charges of its usage events one at a time, in the task that owns the account's partition;
 * under exactly-once the balance, the de-duplication entries and every output commit together.
 *
 * <ul>
 *   <li>A usage event is charged once per request id: the id is remembered (in a window store, by
 *       processing time) for the de-duplication retention, and a second delivery within it changes
 *       nothing.</li>
 *   <li>A grant id is applied once, for ever.</li>
 *   <li>A reservation the balance already counts ({@code seq <= reservation_seq}) changes nothing.</li>
 *   <li>Anything that cannot be decoded, is not acceptable or would overflow goes to the dead-letter
 *       topic with its original bytes, and the balance is untouched.</li>
 * </ul>
 */
final class LedgerProcessor implements Processor<String, LedgerInput, String, BillingOutput> {

    private static final char SEPARATOR = '\u0000';

    private final LedgerSettings settings;
    private ProcessorContext<String, BillingOutput> context;
    private KeyValueStore<String, CreditBalance> balances;
    private WindowStore<String, Long> chargedRequests;
    private KeyValueStore<String, Long> appliedGrants;
    private TimestampedKeyValueStore<String, AccountProfile> profiles;
    private Sensor folded;
    private Sensor deadLetters;
    private Sensor duplicates;

    /** The part of the configuration the ledger needs. */
    record LedgerSettings(long dedupRetentionMs, long lowBalanceMicros, long exhaustedMicros) {
    }

    LedgerProcessor(LedgerSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, BillingOutput> context) {
        this.context = context;
        this.balances = context.getStateStore(StoreNames.BALANCES);
        this.chargedRequests = context.getStateStore(StoreNames.CHARGED_REQUESTS);
        this.appliedGrants = context.getStateStore(StoreNames.APPLIED_GRANTS);
        this.profiles = context.getStateStore(StoreNames.ACCOUNT_PROFILES);
        this.folded = BillingSensors.sensor(context.metrics(), BillingSensors.FOLDED);
        this.deadLetters = BillingSensors.sensor(context.metrics(), BillingSensors.DEAD_LETTERS);
        this.duplicates = BillingSensors.sensor(context.metrics(), BillingSensors.DUPLICATES);
    }

    @Override
    public void process(Record<String, LedgerInput> record) {
        LedgerInput input = record.value();
        try {
            if (input instanceof LedgerInput.Usage usage) {
                charge(record, usage.event());
            } else if (input instanceof LedgerInput.Grant grant) {
                grant(record, grant.grant());
            } else if (input instanceof LedgerInput.Reservation reservation) {
                reserve(record, reservation.reservation());
            } else if (input instanceof LedgerInput.Rejected rejected) {
                deadLetter(record, rejected.errorClass(), rejected.message(), rejected.stage());
            }
        } catch (ArithmeticException e) {
            deadLetter(record, Rejection.OVERFLOW, "applying it would overflow a 64-bit micro-credit sum of the account's balance", "apply");
        }
    }

    private void charge(Record<String, LedgerInput> record, UsageEvent usage) {
        String id = usage.getAccountId() + SEPARATOR + usage.getRequestId();
        long now = context.currentSystemTimeMs();
        if (chargedWithinRetention(id, now)) {
            duplicates.record();
            return;
        }
        CreditBalance before = balances.get(usage.getAccountId());
        CreditBalance after = CreditLedger.charge(opened(before, usage.getAccountId()), usage, Instant.ofEpochMilli(now));
        chargedRequests.put(id, now, now);
        store(record, before, after);
        context.forward(record.withValue(new BillingOutput.Charged(usage)));
    }

    private boolean chargedWithinRetention(String id, long now) {
        try (WindowStoreIterator<Long> seen = chargedRequests.fetch(id, now - settings.dedupRetentionMs(), now)) {
            return seen.hasNext();
        }
    }

    private void grant(Record<String, LedgerInput> record, CreditGrant grant) {
        String id = grant.getAccountId() + SEPARATOR + grant.getGrantId();
        if (appliedGrants.get(id) != null) {
            duplicates.record();
            return;
        }
        long now = context.currentSystemTimeMs();
        CreditBalance before = balances.get(grant.getAccountId());
        CreditBalance after = CreditLedger.grant(opened(before, grant.getAccountId()), grant, Instant.ofEpochMilli(now));
        appliedGrants.put(id, now);
        store(record, before, after);
    }

    private void reserve(Record<String, LedgerInput> record, BudgetReservation reservation) {
        CreditBalance before = balances.get(reservation.getAccountId());
        CreditBalance opened = opened(before, reservation.getAccountId());
        if (CreditLedger.alreadyApplied(opened, reservation)) {
            duplicates.record();
            return;
        }
        store(record, before, CreditLedger.reserve(opened, reservation, Instant.ofEpochMilli(context.currentSystemTimeMs())));
    }

    private void store(Record<String, LedgerInput> record, CreditBalance before, CreditBalance after) {
        balances.put(after.getAccountId(), after);
        folded.record();
        context.forward(record.withValue(new BillingOutput.BalanceChanged(after)));
        for (BalanceAlert alert : BalanceAlerts.crossings(before, after, thresholds(after.getAccountId()), after.getUpdatedAt())) {
            context.forward(record.withValue(new BillingOutput.Alerted(alert)));
        }
    }

    private BalanceAlerts.Thresholds thresholds(String account) {
        ValueAndTimestamp<AccountProfile> profile = profiles.get(account);
        Long low = profile == null ? null : profile.value().getLowBalanceThresholdMicros();
        return new BalanceAlerts.Thresholds(low != null ? low : settings.lowBalanceMicros(), settings.exhaustedMicros());
    }

    private static CreditBalance opened(CreditBalance balance, String account) {
        return balance != null ? balance : CreditLedger.opening(account);
    }

    private void deadLetter(Record<String, LedgerInput> record, String errorClass, String message, String stage) {
        long now = context.currentSystemTimeMs();
        // the original headers stay (tracing ids); ours are added after them
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(DeadLetterHeaders.ERROR_CLASS, utf8(errorClass));
        headers.add(DeadLetterHeaders.ERROR_MESSAGE, utf8(message));
        headers.add(DeadLetterHeaders.STAGE, utf8(stage));
        headers.add(DeadLetterHeaders.ATTEMPTS, utf8("0"));
        headers.add(DeadLetterHeaders.FIRST_FAILURE_MS, utf8(Long.toString(now)));
        headers.add(DeadLetterHeaders.LAST_FAILURE_MS, utf8(Long.toString(now)));
        context.recordMetadata().ifPresent(meta -> {
            headers.add(DeadLetterHeaders.SOURCE_TOPIC, utf8(meta.topic()));
            headers.add(DeadLetterHeaders.SOURCE_PARTITION, utf8(Integer.toString(meta.partition())));
            headers.add(DeadLetterHeaders.SOURCE_OFFSET, utf8(Long.toString(meta.offset())));
        });
        deadLetters.record();
        LedgerInput input = record.value();
        context.forward(new Record<String, BillingOutput>(record.key(), new BillingOutput.DeadLettered(input.key(), input.value()),
                record.timestamp(), headers));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
