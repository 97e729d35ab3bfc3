package io.inferline.cli;

/** The CLI's exit codes: stable, so scripts can switch on them. */
public final class ExitCode {
    /** Done. */
    public static final int OK = 0;
    /** Something unexpected; run again with --verbose for the stack trace. */
    public static final int INTERNAL = 1;
    /** Bad command line: unknown option, missing argument, invalid value. */
    public static final int USAGE = 2;
    /** What was named does not exist: a file, a job, a dead letter, an account. */
    public static final int NOT_FOUND = 3;
    /** The Kafka cluster, the schema registry or the billing service cannot be used (down, or topics not provisioned). */
    public static final int UNAVAILABLE = 4;
    /** The batch file has bad lines; nothing was published. */
    public static final int INVALID_INPUT = 5;
    /** A wait ran out of time (run --timeout, results --follow --timeout). */
    public static final int TIMED_OUT = 6;
    /** The system answered no: a request ended with an error, a finished job cannot be cancelled. */
    public static final int REFUSED = 7;

    private ExitCode() {
    }
}
