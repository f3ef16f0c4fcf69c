package io.ilagent.pipeline;

/**
 * A value quoted in a rejection reason, cut to a readable length: the reason goes into the log, the dead-letter
 * table and a DLQ record's header, where a one-megabyte string from a bad message would not fit or help.
 */
public final class Excerpt {
    /** Characters of a value kept in a reason; enough to recognise it. */
    static final int KEPT = 100;

    private Excerpt() {}

    /** {@code text}, or its first {@link #KEPT} characters and how long it was. */
    public static String of(String text) {
        if (text.length() <= KEPT) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(KEPT - 1)) ? KEPT - 1 : KEPT;
        return text.substring(0, end) + "… (" + text.length() + " characters)";
    }
}
