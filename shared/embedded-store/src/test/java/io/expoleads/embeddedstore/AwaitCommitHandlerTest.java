package io.expoleads.embeddedstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/**
 * A connection's answers to writes leave only once a group commit has the writes in the file, in the
 * order they were given; a connection whose writes no commit will write is closed, never answered.
 */
class AwaitCommitHandlerTest {

    @Test
    void holdsAnAnswerUntilItsWriteIsCommittedAndKeepsTheOrder() throws Exception {
        CountDownLatch commitMayRun = new CountDownLatch(1);
        GroupCommit commits = new GroupCommit(() -> awaitQuietly(commitMayRun), "test", failure -> { });
        try {
            EmbeddedChannel channel = new EmbeddedChannel();
            AwaitCommitHandler handler = AwaitCommitHandler.of(channel, commits);
            assertThat(AwaitCommitHandler.of(channel, commits)).as("one handler per connection").isSameAs(handler);

            long ticket = commits.request();
            handler.awaitBeforeAnswering(ticket);
            channel.writeAndFlush("answer to the write");
            channel.writeAndFlush("answer to the read after it");
            channel.runPendingTasks();
            assertThat((Object) channel.readOutbound()).as("answered before the commit").isNull();

            commitMayRun.countDown();
            CountDownLatch toldBeforeThis = new CountDownLatch(1);
            commits.whenCommitted(ticket, toldBeforeThis::countDown);
            assertThat(toldBeforeThis.await(10, TimeUnit.SECONDS)).isTrue();
            channel.runPendingTasks();

            assertThat((Object) channel.readOutbound()).isEqualTo("answer to the write");
            assertThat((Object) channel.readOutbound()).isEqualTo("answer to the read after it");
            channel.writeAndFlush("answer with nothing to wait for");
            assertThat((Object) channel.readOutbound()).isEqualTo("answer with nothing to wait for");
            assertThat(commits.commits()).isEqualTo(1);
        } finally {
            commits.close();
        }
    }

    @Test
    void closesTheConnectionWhenTheCommitFails() throws Exception {
        CountDownLatch commitMayRun = new CountDownLatch(1);
        AtomicReference<Throwable> told = new AtomicReference<>();
        GroupCommit commits = new GroupCommit(() -> {
            awaitQuietly(commitMayRun);
            throw new IllegalStateException("This store is closed");
        }, "test", told::set);
        EmbeddedChannel channel = new EmbeddedChannel();
        AwaitCommitHandler handler = AwaitCommitHandler.of(channel, commits);
        long ticket = commits.request();
        handler.awaitBeforeAnswering(ticket);
        channel.writeAndFlush("answer to the write");

        commitMayRun.countDown();
        CountDownLatch toldBeforeThis = new CountDownLatch(1);
        commits.whenCommitted(ticket, toldBeforeThis::countDown);
        assertThat(toldBeforeThis.await(10, TimeUnit.SECONDS)).isTrue();
        channel.runPendingTasks();

        assertThat((Object) channel.readOutbound()).as("an answer to a write the file does not hold").isNull();
        assertThat(channel.isOpen()).as("the connection").isFalse();
        assertThat(told.get()).hasMessage("This store is closed");
        assertThat(commits.committed(ticket)).isFalse();

        AtomicReference<Boolean> later = new AtomicReference<>();
        commits.whenCommitted(commits.request(), () -> later.set(commits.committed(ticket)));
        assertThat(later.get()).as("a write after the failure is told at once, uncommitted").isFalse();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
