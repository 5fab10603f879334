package io.jivohub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Group commit on its own, with a committer in memory instead of a database. */
class GroupCommitTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Answers each element with its own text, unless told otherwise; can be held inside a commit. */
    private static final class Committer implements GroupCommit.Committer<Integer, String> {
        final List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean idleWork = new AtomicBoolean();
        final AtomicInteger idleCommits = new AtomicInteger();
        volatile CountDownLatch hold = new CountDownLatch(0);
        volatile Function<Integer, GroupCommit.Answer<String>> answer = n -> GroupCommit.Answer.of("#" + n);
        volatile RuntimeException failure;

        @Override
        public List<GroupCommit.Answer<String>> commit(List<Integer> batch) {
            threads.add(Thread.currentThread().getName());
            try {
                hold.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (batch.isEmpty()) {
                idleCommits.incrementAndGet();
                idleWork.set(false);
                return List.of();
            }
            batches.add(List.copyOf(batch));
            if (failure != null) {
                throw failure;
            }
            return batch.stream().map(answer).toList();
        }

        @Override
        public boolean hasIdleWork() {
            return idleWork.get();
        }
    }

    private final Committer committer = new Committer();
    private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
    private GroupCommit<Integer, String> group = start(100, 1000);

    private GroupCommit<Integer, String> start(int capacity, int maxBatch) {
        return new GroupCommit<>("test-writer", capacity, maxBatch, Duration.ofMillis(50), committer);
    }

    @AfterEach
    void stop() {
        committer.hold.countDown();
        group.close();
        clients.close();
    }

    private Future<String> submit(int n) {
        return clients.submit(() -> group.submit(n, WAIT));
    }

    @Test
    void requestsThatQueueWhileABatchCommitsGoTogetherInTheNextOne() throws Exception {
        committer.hold = new CountDownLatch(1);
        Future<String> first = submit(0);
        await().atMost(WAIT).until(() -> committer.threads.size() == 1);
        List<Future<String>> waiting = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            waiting.add(submit(i));
        }
        await().atMost(WAIT).until(() -> group.queued() == 50);

        committer.hold.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("#0");
        for (int i = 0; i < waiting.size(); i++) {
            assertThat(waiting.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("#" + (i + 1));
        }
        assertThat(committer.batches).hasSize(2);
        assertThat(committer.batches.get(1)).hasSize(50);
        assertThat(committer.threads).containsOnly("test-writer");
    }

    @Test
    void nobodyIsAnsweredBeforeTheirBatchIsCommitted() {
        committer.hold = new CountDownLatch(1);
        Future<String> pending = submit(7);
        await().atMost(WAIT).until(() -> committer.threads.size() == 1);

        assertThat(pending.isDone()).isFalse();
        committer.hold.countDown();
        await().atMost(WAIT).until(pending::isDone);
        assertThat(pending.state()).isEqualTo(Future.State.SUCCESS);
    }

    @Test
    void aBatchCarriesAtMostMaxBatchRequests() throws Exception {
        group.close();
        group = start(100, 10);
        committer.hold = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        answers.add(submit(0));
        await().atMost(WAIT).until(() -> committer.threads.size() == 1);
        for (int i = 1; i <= 25; i++) {
            answers.add(submit(i));
        }
        await().atMost(WAIT).until(() -> group.queued() == 25);
        committer.hold.countDown();
        for (Future<String> answer : answers) {
            answer.get(10, TimeUnit.SECONDS);
        }

        assertThat(committer.batches).extracting(List::size).containsExactly(1, 10, 10, 5);
    }

    @Test
    void aFailedCommitFailsEveryRequestOfItsBatchAndTheNextBatchWorks() throws Exception {
        committer.hold = new CountDownLatch(1);
        Future<String> blocker = submit(0);
        await().atMost(WAIT).until(() -> committer.threads.size() == 1);
        List<Future<String>> batch = List.of(submit(1), submit(2), submit(3));
        await().atMost(WAIT).until(() -> group.queued() == 3);
        committer.failure = new StoreUnavailableException("disk full");
        committer.hold.countDown();

        for (Future<String> failed : batch) {
            assertThat(failed).failsWithin(WAIT).withThrowableThat().havingCause()
                    .isInstanceOf(StoreUnavailableException.class).withMessage("disk full");
        }
        assertThat(blocker).failsWithin(WAIT);
        committer.failure = null;
        assertThat(submit(4).get(10, TimeUnit.SECONDS)).isEqualTo("#4");
    }

    @Test
    void aCommitterThatAnswersTooFewFailsItsBatchAndNotTheThread() throws Exception {
        GroupCommit<Integer, String> broken = new GroupCommit<>("broken-writer", 10, 10, Duration.ofMillis(50),
                new GroupCommit.Committer<>() {
                    @Override
                    public List<GroupCommit.Answer<String>> commit(List<Integer> batch) {
                        return List.of();
                    }

                    @Override
                    public boolean hasIdleWork() {
                        return false;
                    }
                });
        try {
            assertThatThrownBy(() -> broken.submit(1, WAIT)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("answered 0 of 1");
            assertThatThrownBy(() -> broken.submit(2, WAIT)).as("the thread still runs")
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            broken.close();
        }
    }

    @Test
    void aRefusalAnswersOnlyItsOwnRequest() throws Exception {
        committer.hold = new CountDownLatch(1);
        committer.answer = n -> n == 2 ? GroupCommit.Answer.refused(new UnknownKeyException())
                : GroupCommit.Answer.of("#" + n);
        Future<String> blocker = submit(0);
        await().atMost(WAIT).until(() -> committer.threads.size() == 1);
        Future<String> one = submit(1);
        Future<String> two = submit(2);
        Future<String> three = submit(3);
        await().atMost(WAIT).until(() -> group.queued() == 3);
        committer.hold.countDown();

        assertThat(blocker.get(10, TimeUnit.SECONDS)).isEqualTo("#0");
        assertThat(one.get(10, TimeUnit.SECONDS)).isEqualTo("#1");
        assertThat(two).failsWithin(WAIT).withThrowableThat().havingCause().isInstanceOf(UnknownKeyException.class);
        assertThat(three.get(10, TimeUnit.SECONDS)).isEqualTo("#3");
        assertThat(committer.batches.get(1)).containsExactly(1, 2, 3);
    }

    @Test
    void tasksRunOnTheWriterThreadBetweenBatches() {
        assertThat(group.run(() -> Thread.currentThread().getName(), WAIT)).isEqualTo("test-writer");
        assertThatThrownBy(() -> group.run(() -> {
            throw new IllegalStateException("task failed");
        }, WAIT)).isInstanceOf(IllegalStateException.class).hasMessage("task failed");
    }

    @Test
    void idleWorkIsCommittedWithoutRequests() {
        committer.idleWork.set(true);

        await().atMost(WAIT).until(() -> committer.idleCommits.get() == 1);
        assertThat(committer.batches).isEmpty();
    }

    @Test
    void closingCommitsWhatIsQueuedAndThenRefusesNewRequests() throws Exception {
        committer.hold = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>(List.of(submit(0)));
        await().atMost(WAIT).until(() -> committer.threads.size() == 1);
        for (int i = 1; i < 20; i++) {
            answers.add(submit(i));
        }
        await().atMost(WAIT).until(() -> group.queued() == 19);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(group::close);
        committer.hold.countDown();
        closing.get(10, TimeUnit.SECONDS);

        for (int i = 0; i < answers.size(); i++) {
            assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("#" + i);
        }
        assertThatThrownBy(() -> group.submit(99, WAIT)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("shutting down");
    }

    @Test
    void aFullQueueIsStoreUnavailableAtOnce() {
        group.close();
        group = start(2, 1000);
        committer.hold = new CountDownLatch(1);
        submit(0);
        await().atMost(WAIT).until(() -> committer.threads.size() == 1);
        submit(1);
        submit(2);
        await().atMost(WAIT).until(() -> group.queued() == 2);

        assertThatThrownBy(() -> group.submit(3, WAIT)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("too many events are waiting");
    }

    @Test
    void aCommitSlowerThanTheTimeoutIsStoreUnavailable() {
        committer.hold = new CountDownLatch(1);

        assertThatThrownBy(() -> group.submit(4, Duration.ofMillis(100))).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("did not commit within");
    }
}
