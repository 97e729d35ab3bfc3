package io.inferline.cli.batch;

/** Thrown while mapping a line; becomes a {@link LineProblem} with the line's number. */
final class InvalidLine extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidLine(String message) {
        super(message, null, false, false);
    }
}
