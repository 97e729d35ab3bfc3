package io.inferline.cli.batch;

/** Why one line of a batch file cannot be published, by its number (1-based, as editors count). */
public record LineProblem(int lineNumber, String message) {
    @Override
    public String toString() {
        return "line " + lineNumber + ": " + message;
    }
}
