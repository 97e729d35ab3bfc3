package io.inferline.cli.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void durations() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1H")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> Durations.parse("1.5h")).hasMessageContaining("500ms, 60s, 5m, 1h or 1d");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.format(Duration.ofMillis(20))).isEqualTo("20ms");
    }

    @Test
    void aTableAlignsItsColumns() {
        StringWriter out = new StringWriter();
        new Table("MODEL", "COST>").row("openai/gpt-4o", "1.000000").row("x", "12.500000").print(new PrintWriter(out));
        assertThat(out.toString()).isEqualTo("""
                MODEL               COST
                openai/gpt-4o   1.000000
                x              12.500000
                """);
    }

    @Test
    void aProgressBar() {
        assertThat(ProgressBar.render("publishing", 500, 1000)).isEqualTo("publishing [###############...............] 500/1000 50%");
        assertThat(ProgressBar.render("results", 3, 0)).isEqualTo("results 3");
        StringWriter err = new StringWriter();
        ProgressBar off = new ProgressBar(new PrintWriter(err), "x", 10, false);
        off.update(5);
        off.finish(10);
        assertThat(err.toString()).isEmpty();
        ProgressBar on = new ProgressBar(new PrintWriter(err), "x", 10, true);
        on.update(5);
        on.finish(10);
        assertThat(err.toString()).startsWith("\rx [").endsWith("10/10 100%\n");
    }
}
