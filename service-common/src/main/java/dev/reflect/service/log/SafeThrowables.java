package dev.reflect.service.log;

/**
 * Describes a throwable for the logs without its messages. Exception messages can quote request
 * content (a parser echoing a note, a path holding a user id), and this is mental-health data:
 * class names and stack frames are enough to find a bug.
 */
public final class SafeThrowables {

    private static final int FRAMES = 5;

    private SafeThrowables() {}

    /** {@code a.B at x.Y.m(Y.java:12) <- …; caused by c.D at …}, at most five frames per cause. */
    public static String describe(Throwable throwable) {
        StringBuilder out = new StringBuilder();
        Throwable current = throwable;
        for (int depth = 0; current != null && depth < 5; depth++) {
            if (depth > 0) {
                out.append("; caused by ");
            }
            out.append(current.getClass().getName());
            StackTraceElement[] frames = current.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
                out.append(i == 0 ? " at " : " <- ").append(frames[i]);
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return out.toString();
    }
}
