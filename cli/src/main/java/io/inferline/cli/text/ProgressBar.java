package io.inferline.cli.text;

import java.io.PrintWriter;

/**
 * A one-line progress bar on stderr, redrawn in place at most ten times a second. Disabled, it
 * draws nothing (stderr is not a terminal and --progress was not given).
 */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final String label;
    private final boolean enabled;
    private volatile long total;
    private long lastDraw;
    private boolean drawn;

    public ProgressBar(PrintWriter err, String label, long total, boolean enabled) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.enabled = enabled;
    }

    public void total(long total) {
        this.total = total;
    }

    /** Shows {@code done} of the total (or a count when the total is unknown, i.e. 0 or less). */
    public synchronized void update(long done) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDraw < REDRAW_NANOS && done < total) {
            return;
        }
        lastDraw = now;
        drawn = true;
        err.print("\r" + render(label, done, total));
        err.flush();
    }

    /** Draws the final state and ends the line. */
    public synchronized void finish(long done) {
        if (!enabled) {
            return;
        }
        err.print("\r" + render(label, done, total) + "\n");
        err.flush();
        drawn = false;
    }

    /** {@code "publishing [###############...............]  500/1000  50%"}. */
    public static String render(String label, long done, long total) {
        if (total <= 0) {
            return label + " " + done;
        }
        long shown = Math.min(done, total);
        int filled = (int) (WIDTH * shown / total);
        return label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + shown + "/" + total + " "
                + (100 * shown / total) + "%";
    }
}
