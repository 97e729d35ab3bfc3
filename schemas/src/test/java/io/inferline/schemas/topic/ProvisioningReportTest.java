package io.inferline.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison of contract and broker state, without a broker. */
class ProvisioningReportTest {

    private final TopicRegistry registry = TopicRegistry.standard();
    private final List<Topic<?, ?>> contract = List.of(registry.inferenceRequests(), registry.creditBalances(),
            registry.inferenceResponses());

    @Test
    void plansToCreateWhatIsMissing() {
        ProvisioningReport report = ProvisioningReport.plan(contract, Map.of());

        assertThat(report.created()).containsExactly("inference-requests", "credit-balances", "inference-responses");
        assertThat(report.conforms()).isTrue();
    }

    @Test
    void leavesMatchingTopicsAlone() {
        ProvisioningReport report = ProvisioningReport.plan(contract, Map.of(
                "inference-requests", new ExistingTopic("inference-requests", 6, CleanupPolicy.DELETE)));

        assertThat(report.created()).containsExactly("credit-balances", "inference-responses");
        assertThat(report.matching()).containsExactly("inference-requests");
    }

    @Test
    void reportsPartitionAndCleanupPolicyDifferences() {
        ProvisioningReport report = ProvisioningReport.plan(contract, Map.of(
                "inference-requests", new ExistingTopic("inference-requests", 3, CleanupPolicy.DELETE),
                "credit-balances", new ExistingTopic("credit-balances", 6, CleanupPolicy.DELETE)));

        assertThat(report.conforms()).isFalse();
        assertThat(report.mismatches()).containsExactlyInAnyOrder(
                new TopicMismatch("inference-requests", "partitions", "6", "3"),
                new TopicMismatch("credit-balances", "cleanup.policy", "compact", "delete"));
        assertThat(report.summary()).contains("2 mismatched")
                .contains("topic credit-balances: cleanup.policy is delete but the contract says compact");
        assertThatThrownBy(report::requireConforming)
                .isInstanceOf(TopicContractException.class)
                .hasMessageContaining("topic inference-requests: partitions is 3 but the contract says 6");
    }

    @Test
    void parsesTheBrokersCleanupPolicyInEitherOrder() {
        assertThat(CleanupPolicy.fromConfigValue("delete,compact")).isEqualTo(CleanupPolicy.COMPACT_DELETE);
        assertThat(CleanupPolicy.fromConfigValue("compact, delete")).isEqualTo(CleanupPolicy.COMPACT_DELETE);
        assertThatThrownBy(() -> CleanupPolicy.fromConfigValue("forever")).hasMessageContaining("forever");
    }
}
