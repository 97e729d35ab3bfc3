package io.inferline.cli;

import io.inferline.cli.kafka.KafkaAccess;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/** What a command works with: the options, where to print, the environment and the time. */
public record CliContext(GlobalOptions options, PrintWriter out, PrintWriter err, Map<String, String> environment, Clock clock) {

    /** Set by the {@code ./inferline} script when stderr is a terminal (Java cannot tell by itself). */
    public static final String STDERR_TTY_VARIABLE = "INFERLINE_STDERR_TTY";

    /** Whether progress bars are drawn: --progress / --no-progress, else when stderr is a terminal. */
    public boolean progressBars() {
        if (options.progress() != null) {
            return options.progress();
        }
        return "1".equals(environment.get(STDERR_TTY_VARIABLE));
    }

    public KafkaAccess kafka() {
        return new KafkaAccess(options);
    }

    /** A note for the user on stderr (not part of the command's output). */
    public void note(String message) {
        err.println(message);
        err.flush();
    }
}
