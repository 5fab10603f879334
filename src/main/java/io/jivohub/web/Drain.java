package io.jivohub.web;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Lets requests in flight finish when jivohub shuts down, and turns new ones away.
 *
 * <p>After {@link #drain} begins, a new request gets 503 with {@code Retry-After} and {@code Connection: close}:
 * Jivo retries it later, or the load balancer sends it to another instance. Requests already inside finish; a
 * webhook among them waits for its commit and gets its 200. Only then may the server stop, so no event is
 * committed without its sender hearing so. Thread-safe.
 */
public final class Drain implements Filter {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int inFlight;
    private volatile boolean draining;

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        change(1);
        try {
            if (draining) {
                res.header(HeaderNames.CONNECTION, "close");
                Routes.unavailable(req, res, "jivohub is shutting down; try again later");
                return;
            }
            chain.proceed();
        } finally {
            change(-1);
        }
    }

    /**
     * Turns new requests away and waits until those in flight are answered, at most {@code timeout}.
     *
     * @return whether every request in flight was answered
     */
    public boolean drain(Duration timeout) {
        draining = true;
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (inFlight > 0 && left > 0) {
                left = idle.awaitNanos(left);
            }
            return inFlight == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Requests being handled right now. */
    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    private void change(int by) {
        lock.lock();
        try {
            inFlight += by;
            if (inFlight == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }
}
