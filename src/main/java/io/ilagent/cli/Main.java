package io.ilagent.cli;

/** Entry point of the executable jar: runs the command line and exits with its code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.forArguments(System.getenv(), args).execute(args));
    }
}
