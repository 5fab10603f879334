package io.jivohub.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Group commit, without the database: requests from any number of threads wait in a bounded queue; one platform
 * thread takes everything queued (up to {@code maxBatch}), hands it to the {@link Committer} as one batch, and
 * only when that returns releases every request of the batch with its answer.
 *
 * <p>Why: a commit's fsync costs the same for one event as for a thousand, so under load each commit carries many
 * events and throughput grows with concurrency, while no request is answered before its batch is committed. One
 * thread also suits SQLite, which allows one writer at a time and pins virtual threads in its JNI calls.
 *
 * <p>Between two batches the thread runs tasks ({@link #run}): other writes that must not race the batches. When
 * nothing arrives for {@code idleWait}, it lets the committer commit work of its own
 * ({@link Committer#hasIdleWork}). {@link #close} commits everything already queued, then stops the thread.
 *
 * <p>Thread-safe: {@link #submit} and {@link #run} may be called from any number of threads.
 *
 * @param <E> what is committed, one element per request
 * @param <R> the answer to one request
 */
final class GroupCommit<E, R> implements AutoCloseable {

    /** Commits batches; called on the group commit's thread only. */
    interface Committer<E, R> {
        /**
         * Commits {@code batch} in one transaction and answers every element, in order. Called with an empty batch
         * when {@link #hasIdleWork} says so.
         *
         * @throws RuntimeException when nothing was committed: every request of the batch gets it
         */
        List<Answer<R>> commit(List<E> batch);

        /** Whether a commit is due even without requests; must not throw. */
        boolean hasIdleWork();
    }

    /**
     * What became of one request of a committed batch: its answer, or why it was left out of the commit.
     *
     * @param value   the answer, when committed
     * @param refusal why it was not committed, or {@code null}
     */
    record Answer<R>(R value, RuntimeException refusal) {
        static <R> Answer<R> of(R value) {
            return new Answer<>(value, null);
        }

        static <R> Answer<R> refused(RuntimeException refusal) {
            return new Answer<>(null, refusal);
        }
    }

    private sealed interface Item permits Request, Task, Stop {
    }

    private record Request<E, R>(E element, CompletableFuture<R> answer) implements Item {
    }

    private record Task<T>(Callable<T> work, CompletableFuture<T> result) implements Item {
        void run() {
            try {
                result.complete(work.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        }
    }

    private enum Stop implements Item { STOP }

    private final int maxBatch;
    private final long idleWaitMillis;
    private final Committer<E, R> committer;
    private final BlockingQueue<Item> queue;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean committing;
    /** Written by the thread only. */
    private volatile long committingNanos;

    /**
     * Starts the thread.
     *
     * @param capacity how many requests and tasks may wait; more are refused at once
     * @param maxBatch the most requests one batch carries
     * @param idleWait how long the thread waits for a request before it lets the committer commit its own work
     */
    GroupCommit(String threadName, int capacity, int maxBatch, Duration idleWait, Committer<E, R> committer) {
        this.maxBatch = maxBatch;
        this.idleWaitMillis = idleWait.toMillis();
        this.committer = committer;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().name(threadName).start(this::loop);
    }

    /**
     * Queues {@code element} and returns its answer once its batch is committed.
     *
     * @throws StoreUnavailableException when the queue is full, the group commit is closed, or the commit takes
     *                                   longer than {@code timeout}
     * @throws RuntimeException          what the committer threw, or its refusal of this element
     */
    R submit(E element, Duration timeout) {
        Request<E, R> request = new Request<>(element, new CompletableFuture<>());
        enqueue(request, "too many events are waiting to be stored");
        return await(request.answer(), timeout, "the store did not commit within " + timeout.toSeconds() + " s");
    }

    /**
     * Runs {@code task} on the thread, between two batches, and returns its result.
     *
     * @throws StoreUnavailableException when too much is waiting, the group commit is closed, or the task does not
     *                                   end within {@code timeout}
     */
    <T> T run(Callable<T> task, Duration timeout) {
        Task<T> queued = new Task<>(task, new CompletableFuture<>());
        enqueue(queued, "the writer has too much waiting");
        return await(queued.result(), timeout, "the store did not finish within " + timeout.toSeconds() + " s");
    }

    /** Whether it is working right now: something is queued or a batch is being committed. */
    boolean isBusy() {
        return committing || !queue.isEmpty();
    }

    /** How long it has spent committing batches since it started, in nanoseconds. */
    long committingNanos() {
        return committingNanos;
    }

    /** Requests and tasks waiting. */
    int queued() {
        return queue.size();
    }

    /** Commits everything already queued, refuses anything new, and stops the thread. */
    @Override
    public void close() {
        closed = true;
        try {
            queue.put(Stop.STOP);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void enqueue(Item item, String whenFull) {
        if (closed) {
            throw new StoreUnavailableException("jivohub is shutting down");
        }
        if (!queue.offer(item)) {
            throw new StoreUnavailableException(whenFull);
        }
    }

    private static <T> T await(CompletableFuture<T> result, Duration timeout, String whenLate) {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StoreUnavailableException("the store failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StoreUnavailableException(whenLate);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the commit");
        }
    }

    @SuppressWarnings("unchecked")
    private void loop() {
        List<Item> items = new ArrayList<>(maxBatch);
        List<Request<E, R>> batch = new ArrayList<>(maxBatch);
        List<Task<?>> tasks = new ArrayList<>();
        boolean stopping = false;
        while (!stopping || !queue.isEmpty()) {
            try {
                Item first = queue.poll(idleWaitMillis, TimeUnit.MILLISECONDS);
                if (first != null) {
                    items.add(first);
                    queue.drainTo(items, maxBatch - 1);
                }
            } catch (InterruptedException e) {
                break;
            }
            for (Item item : items) {
                switch (item) {
                    case Request<?, ?> request -> batch.add((Request<E, R>) request);
                    case Task<?> task -> tasks.add(task);
                    case Stop stop -> stopping = true;
                }
            }
            if (!batch.isEmpty() || committer.hasIdleWork()) {
                committing = true;
                long started = System.nanoTime();
                commit(batch);
                committingNanos += System.nanoTime() - started;
                committing = false;
            }
            tasks.forEach(Task::run);
            items.clear();
            batch.clear();
            tasks.clear();
        }
        if (committer.hasIdleWork()) {
            commit(List.of());
        }
    }

    /** Commits {@code batch} and answers its requests; whatever goes wrong fails the batch, never the thread. */
    private void commit(List<Request<E, R>> batch) {
        List<Answer<R>> answers;
        try {
            answers = committer.commit(batch.stream().map(Request::element).toList());
            if (answers.size() != batch.size()) {
                throw new IllegalStateException("the committer answered " + answers.size() + " of " + batch.size()
                        + " requests");
            }
        } catch (RuntimeException e) {
            batch.forEach(request -> request.answer().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Answer<R> answer = answers.get(i);
            if (answer.refusal() == null) {
                batch.get(i).answer().complete(answer.value());
            } else {
                batch.get(i).answer().completeExceptionally(answer.refusal());
            }
        }
    }
}
