package io.inferline.testkit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same contract suite on a containerised Apache Kafka broker; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerContractIT extends ContractSuite {

    private static ContainerKafkaCluster cluster;

    @BeforeAll
    static void startContainer() {
        cluster = new ContainerKafkaCluster();
    }

    @AfterAll
    static void stopContainer() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    KafkaCluster cluster() {
        return cluster;
    }
}
