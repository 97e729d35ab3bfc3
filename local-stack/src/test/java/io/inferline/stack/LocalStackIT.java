package io.inferline.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferline.schemas.topic.ProvisioningReport;
import io.inferline.schemas.topic.TopicRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the README's first command does: start the stack, provision, round trip; and state survives a restart. */
class LocalStackIT {

    @Test
    void startsProvisionsRoundTripsAndKeepsItsStateAcrossARestart() throws Exception {
        Path dataDir = Files.createTempDirectory("inferline-local-stack");
        StackOptions options = new StackOptions(dataDir, false, 0, 0, 0, Optional.empty(), true, false);
        try {
            long brokerPid;
            try (LocalStack stack = LocalStack.start(options)) {
                ProvisioningReport first = stack.provisionTopics();
                assertThat(first.created()).hasSize(TopicRegistry.standard().all().size() + 1);
                assertThat(RoundTripCheck.run(stack.bootstrapServers(), stack.registryUrl(), Duration.ofSeconds(60)))
                        .isPositive();
                assertThat(stack.describe()).contains(stack.bootstrapServers()).contains(stack.registryUrl());
                brokerPid = stack.brokerPid();
            }
            assertThat(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));

            try (LocalStack restarted = LocalStack.start(options)) {
                ProvisioningReport second = restarted.provisionTopics();
                assertThat(second.created()).isEmpty();
                assertThat(second.matching()).hasSize(TopicRegistry.standard().all().size() + 1);
            }
        } finally {
            EmbeddedKafkaBroker.deleteRecursively(dataDir);
        }
    }

    @Test
    void aMissingRegistryJarIsNamedWithTheCommandThatBuildsIt() {
        StackOptions options = new StackOptions(Path.of("unused"), false, 0, 0, 0,
                Optional.of(Path.of("no-such-dir", "registry.jar")), true, false);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LocalStack.start(options))
                .hasMessageContaining("no-such-dir")
                .hasMessageContaining("./mvnw -B -DskipTests -pl local-registry package");
        assertThat(Path.of("unused")).doesNotExist();
    }
}
