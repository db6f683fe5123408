package com.example.shop.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Warnings that clients can cause as often as they like (one per refused frame, per dropped
 * subscriber), written at most once per {@code shop.log.warn-interval} for each kind, so that
 * connection churn cannot fill the log. The next line of a kind says how many were left out since
 * the one before. Every kind is a constant of the calling code, never something a client sent: the
 * kinds are kept for as long as this is.
 * <p>
 * Not a Logback filter: the shop decides which of its own lines are per-client, where it writes
 * them, rather than throttling every line of one level.
 */
public final class RateLimitedLog {

    private final Logger logger;

    private final long intervalNanos;

    private final LongSupplier nanoTime;

    private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

    /** The last line written of one kind, and how many were left out since. Guarded by itself. */
    private static final class Kind {

        private boolean written;

        private long writtenAt;

        private long leftOut;

    }

    public RateLimitedLog(Logger logger, Duration interval) {
        this(logger, interval, System::nanoTime);
    }

    RateLimitedLog(Logger logger, Duration interval, LongSupplier nanoTime) {
        this.logger = logger;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Writes {@code format} with {@code arguments} at WARN (as SLF4J does), unless a line of
     * {@code kind} was written less than the interval ago: then it only counts it.
     */
    public void warn(String kind, String format, @Nullable Object... arguments) {
        if (!logger.isWarnEnabled()) {
            return;
        }
        Kind state = kinds.computeIfAbsent(kind, key -> new Kind());
        long leftOut;
        synchronized (state) {
            long now = nanoTime.getAsLong();
            if (state.written && now - state.writtenAt < intervalNanos) {
                state.leftOut++;
                return;
            }
            leftOut = state.leftOut;
            state.written = true;
            state.writtenAt = now;
            state.leftOut = 0;
        }
        if (leftOut == 0) {
            logger.warn(format, arguments);
            return;
        }
        // The count goes before a trailing exception, which SLF4J prints as a stack trace.
        int plain = arguments.length > 0 && arguments[arguments.length - 1] instanceof Throwable ? arguments.length - 1
                : arguments.length;
        @Nullable Object[] all = new Object[arguments.length + 1];
        System.arraycopy(arguments, 0, all, 0, plain);
        all[plain] = leftOut;
        if (plain < arguments.length) {
            all[plain + 1] = arguments[plain];
        }
        logger.warn(format + " ({} more like this since the last one were not logged)", all);
    }

}
