package io.jivohub.store;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The seam for work that follows committed events (tables derived from the events, forwarding): such work reads
 * the events in id order through the data cursor, {@link Events#page} with {@code afterId}, which is complete (no
 * event ever appears behind it, see {@link Dialect#lockCommitOrder}). This signal only saves it from polling: it
 * tells the newest id this instance committed, and wakes whoever waits for a newer one. Events that other
 * instances commit wake nobody here, so a follower still asks the cursor again after a timeout.
 *
 * <p>The projector of the Jivo tables waits on it; forwarding will too.
 *
 * <p>Thread-safe.
 */
public final class CommitSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private long lastId;

    /** @param lastId the newest id already stored when the store opened */
    CommitSignal(long lastId) {
        this.lastId = lastId;
    }

    /** The newest event id committed through this instance, or stored when it started. */
    public long lastId() {
        lock.lock();
        try {
            return lastId;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until this instance has committed an event with an id above {@code afterId}, at most {@code timeout}.
     *
     * @return whether it has
     */
    public boolean awaitAfter(long afterId, Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (lastId <= afterId) {
                if (left <= 0) {
                    return false;
                }
                left = advanced.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Called once events up to {@code id} are committed. */
    void committed(long id) {
        lock.lock();
        try {
            if (id > lastId) {
                lastId = id;
                advanced.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }
}
