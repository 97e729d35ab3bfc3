package io.inferline.billing.topology;

import static io.inferline.billing.topology.BillingFixture.CREDIT;
import static io.inferline.billing.topology.BillingFixture.grant;
import static io.inferline.billing.topology.BillingFixture.usage;
import static io.inferline.billing.topology.BillingFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.avro.CreditGrant;
import io.inferline.avro.GrantKind;
import io.inferline.billing.ledger.Rejection;
import io.inferline.schemas.serde.TopicSerdes;
import io.inferline.schemas.topic.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterTopologyTest {

    private final BillingFixture billing = new BillingFixture();

    @AfterEach
    void close() {
        billing.close();
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] encoded(CreditGrant grant) {
        return TopicSerdes.valueSerde(billing.topics.creditGrants(), billing.serdeConfig).serializer()
                .serialize(billing.topics.creditGrants().name(), grant);
    }

    @Test
    void badGrantsAreDeadLetteredWithTheirReasonAndTheBalanceIsUntouched() {
        billing.grant("acct", 10 * CREDIT);
        Map<String, CreditGrant> bad = Map.of(
                Rejection.NEGATIVE_AMOUNT, grant("acct", -5 * CREDIT, GrantKind.TOP_UP).build(),
                Rejection.ABSURD_AMOUNT, grant("acct", 50_000_000 * CREDIT, GrantKind.TOP_UP).build(),
                Rejection.UNKNOWN_UNIT, grant("acct", CREDIT, GrantKind.TOP_UP).setUnit("usd-cents").build(),
                Rejection.UNKNOWN_GRANT_KIND, grant("acct", CREDIT, GrantKind.UNKNOWN).build(),
                Rejection.ZERO_AMOUNT, grant("acct", 0, GrantKind.REFUND).build(),
                Rejection.KEY_MISMATCH, grant("someone-else", CREDIT, GrantKind.TOP_UP).build(),
                Rejection.MISSING_ID, grant("acct", CREDIT, GrantKind.TOP_UP).setGrantId(" ").build());
        bad.values().forEach(g -> billing.grants.pipeInput("acct", g));

        List<TestRecord<byte[], byte[]>> dead = billing.dlq.readRecordsToList();

        assertThat(dead).extracting(r -> header(r.headers(), DeadLetterHeaders.ERROR_CLASS))
                .containsExactlyInAnyOrderElementsOf(bad.keySet());
        for (TestRecord<byte[], byte[]> record : dead) {
            CreditGrant original = bad.get(header(record.headers(), DeadLetterHeaders.ERROR_CLASS));
            assertThat(record.value()).as("the original bytes, untouched").isEqualTo(encoded(original));
            assertThat(record.key()).isEqualTo(utf8("acct"));
            assertThat(header(record.headers(), DeadLetterHeaders.STAGE)).isEqualTo("validate");
            assertThat(header(record.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("credit-grants");
            assertThat(record.headers().lastHeader(DeadLetterHeaders.SOURCE_OFFSET)).isNotNull();
            assertThat(header(record.headers(), DeadLetterHeaders.ERROR_MESSAGE)).isNotBlank();
        }
        assertThat(billing.balance("acct").getBalanceMicros()).isEqualTo(10 * CREDIT);
        assertThat(billing.balance("acct").getVersion()).isEqualTo(1);
        assertThat(billing.counter(BillingSensors.DEAD_LETTERS)).isEqualTo(bad.size());
    }

    @Test
    void malformedBytesAndUnknownSchemaIdsAreDeadLetteredAndThePartitionKeepsFlowing() {
        byte[] notAvro = utf8("{\"amount\": 1000000}");
        byte[] unknownSchema = {0, 0, 0, 0x27, 0x0F, 2, 4, 6};
        Headers traced = new RecordHeaders().add("inferline.request.id", utf8("r-1"));
        billing.rawGrants.pipeInput(new TestRecord<>(utf8("acct"), notAvro, traced));
        billing.rawGrants.pipeInput(utf8("acct"), unknownSchema);
        billing.rawGrants.pipeInput(utf8("acct"), (byte[]) null);
        billing.grant("acct", 3 * CREDIT);

        List<TestRecord<byte[], byte[]>> dead = billing.dlq.readRecordsToList();

        assertThat(dead).extracting(r -> header(r.headers(), DeadLetterHeaders.ERROR_CLASS))
                .containsExactly("InvalidWireFormat", "UnknownSchemaId", Rejection.EMPTY_RECORD);
        assertThat(dead.get(0).value()).isEqualTo(notAvro);
        assertThat(header(dead.get(0).headers(), "inferline.request.id")).as("original headers kept").isEqualTo("r-1");
        assertThat(dead.get(1).value()).isEqualTo(unknownSchema);
        assertThat(header(dead.get(1).headers(), DeadLetterHeaders.ERROR_MESSAGE)).contains("9999");
        assertThat(dead).allMatch(r -> header(r.headers(), DeadLetterHeaders.STAGE).equals("decode"));
        assertThat(billing.balance("acct").getBalanceMicros()).as("the grant after them applied").isEqualTo(3 * CREDIT);
    }

    @Test
    void usageThatIsNegativeOrWouldOverflowIsDeadLettered() {
        billing.send(usage("acct", "openai/gpt-4o", 100, START).build());
        billing.send(usage("acct", "openai/gpt-4o", -100, START).build());
        billing.send(usage("acct", "openai/gpt-4o", Long.MAX_VALUE, START).build());
        billing.rawUsage.pipeInput(utf8("acct"), utf8("garbage"));

        assertThat(billing.dlq.readRecordsToList()).extracting(r -> header(r.headers(), DeadLetterHeaders.ERROR_CLASS),
                        r -> header(r.headers(), DeadLetterHeaders.STAGE))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Rejection.NEGATIVE_AMOUNT, "validate"),
                        org.assertj.core.groups.Tuple.tuple(Rejection.OVERFLOW, "apply"),
                        org.assertj.core.groups.Tuple.tuple("InvalidWireFormat", "decode"));
        assertThat(billing.balance("acct").getBalanceMicros()).isEqualTo(-100);
        assertThat(billing.balance("acct").getVersion()).isEqualTo(1);
    }
}
