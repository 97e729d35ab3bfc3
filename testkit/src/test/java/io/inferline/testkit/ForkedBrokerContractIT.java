package io.inferline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The contract suite on the forked Apache Kafka broker and the forked registry. */
class ForkedBrokerContractIT extends ContractSuite {

    @Override
    KafkaCluster cluster() {
        return KafkaStack.shared();
    }

    /** With {@link SchemaRegistryIT} in the same JVM: whichever class runs second would see a second start. */
    @Test
    void sharesOneStackWithTheOtherTestClassesOfThisJvm() {
        String bootstrap = cluster().bootstrapServers();

        assertThat(KafkaStack.shared().bootstrapServers()).isEqualTo(bootstrap);
        assertThat(KafkaStack.startsInThisJvm()).as("stacks started in this JVM").isEqualTo(1);
    }
}
