package io.inferline.testkit;

/** The contract suite on the forked Apache Kafka broker and the forked registry. */
class ForkedBrokerContractIT extends ContractSuite {

    @Override
    KafkaCluster cluster() {
        return KafkaStack.shared();
    }
}
