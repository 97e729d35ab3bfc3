package io.inferline.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The broker's configuration as rendered, without starting it. */
class EmbeddedKafkaBrokerTest {

    private final Properties config = EmbeddedKafkaBroker.serverProperties(Path.of("/data/stack"), 19092, 19093);

    @Test
    void isOneCombinedKraftNodeOnLoopback() {
        assertThat(config)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
                .containsEntry("log.dirs", Path.of("/data/stack", "kraft-logs").toString());
    }

    @Test
    void fitsTheTransactionAndOffsetTopicsOnOneNodeSoExactlyOnceWorks() {
        assertThat(config)
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1")
                .containsEntry("min.insync.replicas", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0");
    }

    @Test
    void logsToStdoutWhichTheLauncherSendsToTheLogFile() {
        assertThat(EmbeddedKafkaBroker.LOGBACK_CONFIG)
                .contains("ch.qos.logback.core.ConsoleAppender")
                .contains("<logger name=\"kafka\" level=\"INFO\"/>")
                .contains("<root level=\"WARN\">");
        assertThat(EmbeddedKafkaBroker.LOG4J2_CONFIG).contains("appender.out.type = Console").contains("rootLogger.level = WARN");
    }
}
