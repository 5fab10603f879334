package io.jivohub;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.regex.Pattern;

/**
 * Keeps repeated log lines from filling the disk. A client can make the server log (a malformed request, a
 * connection dropped mid-body), so each kind of line — its logger, its level and its message with numbers and
 * hexadecimal runs (ids, addresses) left out — is written at most {@value #PER_MINUTE} times a minute; the first
 * line of that kind in a later minute says how many were left out meanwhile.
 *
 * <p>At most {@value #MAX_KINDS} kinds are tracked. When that many were seen in the last minute, every further
 * kind shares one count, so hostile variety costs {@value #PER_MINUTE} more lines a minute, not memory; kinds
 * quiet for a minute make room again. Thread-safe.
 */
final class LogRateLimit implements Filter {
    static final int PER_MINUTE = 10;
    static final int MAX_KINDS = 1000;
    private static final long MINUTE_NANOS = 60_000_000_000L;
    private static final Pattern NUMBERS = Pattern.compile("(?:0[xX])?[0-9a-fA-F]{4,}|\\d+");
    private static final long SECOND_NANOS = 1_000_000_000L;
    private static final String OTHER_KINDS = "";

    /** One kind of line in its current minute. */
    private static final class Minute {
        long start;
        int written;
        int leftOut;

        Minute(long start) {
            this.start = start;
        }
    }

    private final LongSupplier nanoTime;
    private final Map<String, Minute> kinds = new ConcurrentHashMap<>();
    /** When quiet kinds were last looked for: at most once a second, however many new kinds a flood brings. */
    private volatile long lastPrune;

    /** @param nanoTime the clock, {@link System#nanoTime} outside tests */
    LogRateLimit(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.lastPrune = nanoTime.getAsLong();
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        long now = nanoTime.getAsLong();
        Minute minute = kinds.computeIfAbsent(tracked(kind(record), now), k -> new Minute(now));
        int leftOutBefore;
        synchronized (minute) {
            leftOutBefore = 0;
            if (now - minute.start >= MINUTE_NANOS) {
                leftOutBefore = minute.leftOut;
                minute.start = now;
                minute.written = 0;
                minute.leftOut = 0;
            }
            if (minute.written >= PER_MINUTE) {
                minute.leftOut++;
                return false;
            }
            minute.written++;
        }
        if (leftOutBefore > 0) {
            record.setMessage(record.getMessage() + " (" + leftOutBefore + " more lines like this one were left out)");
        }
        return true;
    }

    /** The kind itself while there is room for it, making room from kinds quiet for a minute; else the shared one. */
    private String tracked(String kind, long now) {
        if (kinds.size() < MAX_KINDS || kinds.containsKey(kind)) {
            return kind;
        }
        if (now - lastPrune >= SECOND_NANOS) {
            lastPrune = now;
            kinds.entrySet().removeIf(e -> !e.getKey().equals(OTHER_KINDS) && now - e.getValue().start >= MINUTE_NANOS);
        }
        return kinds.size() < MAX_KINDS ? kind : OTHER_KINDS;
    }

    private static String kind(LogRecord record) {
        String message = record.getMessage() == null ? "" : record.getMessage();
        return record.getLoggerName() + ' ' + record.getLevel() + ' '
                + NUMBERS.matcher(message.length() > 200 ? message.substring(0, 200) : message).replaceAll("#");
    }
}
