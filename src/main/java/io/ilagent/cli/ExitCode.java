package io.ilagent.cli;

/** Exit codes of every command, documented in docs/configuration.md. */
public final class ExitCode {
    public static final int OK = 0;
    /**
     * ilert rejected the request for good, the daemon stopped because a part of it failed, or the
     * database file cannot be used (one line naming it).
     */
    public static final int FAILED = 1;
    /** Bad flags or configuration: nothing was sent. */
    public static final int USAGE = 2;
    /** ilert could not be reached or asked to retry later (EX_TEMPFAIL): running the command again may work. */
    public static final int TEMPORARY = 75;

    private ExitCode() {}
}
