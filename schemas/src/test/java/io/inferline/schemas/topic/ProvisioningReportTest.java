package io.inferline.schemas.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
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

    @Test
    void theFailFastMessageSaysHowToFixEachTopic() {
        ProvisioningReport report = ProvisioningReport.plan(contract, Map.of(
                "inference-requests", new ExistingTopic("inference-requests", 3, CleanupPolicy.DELETE),
                "inference-responses", new ExistingTopic("inference-responses", 12, CleanupPolicy.DELETE),
                "credit-balances", new ExistingTopic("credit-balances", 6, CleanupPolicy.COMPACT_DELETE)));

        assertThatThrownBy(report::requireConforming)
                .hasMessageStartingWith("3 topic(s) differ from the contract")
                .hasMessageContaining("--alter --topic inference-requests --partitions 6")
                .hasMessageContaining("topic inference-responses: partitions is 12 but the contract says 6 (fix:"
                        + " partitions cannot be removed")
                .hasMessageContaining("--entity-name credit-balances --add-config cleanup.policy=[compact]");
    }

    @Test
    void aTopicWithSeveralDifferencesCountsOnce() {
        ProvisioningReport report = ProvisioningReport.plan(List.of(registry.creditBalances()), Map.of(
                "credit-balances", new ExistingTopic("credit-balances", 1, CleanupPolicy.DELETE)));

        assertThat(report.mismatches()).hasSize(2);
        assertThat(report.summary()).startsWith("0 created, 0 already matching, 1 mismatched");
        assertThat(report.mismatchOf("credit-balances")).map(TopicMismatch::property).hasValue("partitions");
    }

    @Test
    void aTopicListedTwiceIsPlannedOnce() {
        ProvisioningReport report = ProvisioningReport.plan(
                List.of(registry.inferenceRequests(), registry.inferenceRequests()), Map.of());

        assertThat(report.created()).containsExactly("inference-requests");
    }

    @Test
    void rejectsTwoDifferentDefinitionsOfOneName() {
        List<Topic<?, ?>> conflicting = List.of(registry.inferenceRequests(),
                registry.withAccountPartitions(12).inferenceRequests());

        assertThatThrownBy(() -> ProvisioningReport.plan(conflicting, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inference-requests is defined twice")
                .hasMessageContaining("6 partitions").hasMessageContaining("12 partitions");
    }

    @Test
    void judgesTopicsAnotherInstanceCreatedFirstLikeExistingOnes() {
        ProvisioningReport plan = ProvisioningReport.plan(contract, Map.of());
        List<Topic<?, ?>> raced = List.of(registry.creditBalances(), registry.inferenceResponses());
        ProvisioningReport seen = ProvisioningReport.plan(raced, Map.of(
                "credit-balances", new ExistingTopic("credit-balances", 6, CleanupPolicy.COMPACT),
                "inference-responses", new ExistingTopic("inference-responses", 6, CleanupPolicy.COMPACT)));

        ProvisioningReport report = plan.afterLostRace(Set.of("credit-balances", "inference-responses"), seen);

        assertThat(report.created()).containsExactly("inference-requests");
        assertThat(report.matching()).containsExactly("credit-balances");
        assertThat(report.mismatches()).containsExactly(
                new TopicMismatch("inference-responses", "cleanup.policy", "delete", "compact"));
    }
}
