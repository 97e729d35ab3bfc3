package io.inferline.cli.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferline.cli.CliException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsageSinceTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void aTimeAgoADayOrAnInstant() {
        assertThat(UsageCommand.since("-1h", NOW)).isEqualTo(Instant.parse("2026-03-01T11:00:00Z"));
        assertThat(UsageCommand.since("-7d", NOW)).isEqualTo(Instant.parse("2026-02-22T12:00:00Z"));
        assertThat(UsageCommand.since("2026-02-01", NOW)).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(UsageCommand.since("2026-02-01T08:30:00Z", NOW)).isEqualTo(Instant.parse("2026-02-01T08:30:00Z"));
        assertThatThrownBy(() -> UsageCommand.since("last week", NOW)).isInstanceOf(CliException.class);
        assertThatThrownBy(() -> UsageCommand.since("-soon", NOW)).isInstanceOf(CliException.class);
    }
}
