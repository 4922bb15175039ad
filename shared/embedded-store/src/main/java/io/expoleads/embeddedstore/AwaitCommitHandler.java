package io.expoleads.embeddedstore;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * Holds a connection's answer to a write until the store's file has the write ({@link GroupCommit}),
 * so that "ok" still means written, without the connection's event loop waiting for the commit. Answers
 * leave in the order they were given: one written after a held one waits behind it. A connection
 * whose writes were never committed (the commit failed, H2 closed the store) is closed instead: its
 * client sees a broken connection, never an acknowledgement of what the file does not hold.
 *
 * <p>mongo-java-server answers a command on the event loop that ran it, right after
 * {@link DurableH2Backend#handleCommand} returns: the ticket the backend sets here ({@link #awaitBeforeAnswering})
 * is the one of the answer written next. Everything here runs on the connection's event loop.
 */
final class AwaitCommitHandler extends ChannelOutboundHandlerAdapter {

    private static final String NAME = "await-commit";

    private final GroupCommit commits;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    /** The ticket the next answer waits for; 0: none of its own. */
    private long nextTicket;
    private ChannelHandlerContext context;

    private AwaitCommitHandler(GroupCommit commits) {
        this.commits = commits;
    }

    /** The connection's handler, added the first time it wrote: outbound, it sees the answers before they are encoded. */
    static AwaitCommitHandler of(Channel channel, GroupCommit commits) {
        AwaitCommitHandler handler = (AwaitCommitHandler) channel.pipeline().get(NAME);
        if (handler == null || handler.commits != commits) {
            if (handler != null) {
                channel.pipeline().remove(NAME);
            }
            handler = new AwaitCommitHandler(commits);
            channel.pipeline().addLast(NAME, handler);
        }
        return handler;
    }

    /** The answer written next waits until {@code ticket} is committed. */
    void awaitBeforeAnswering(long ticket) {
        nextTicket = Math.max(nextTicket, ticket);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object answer, ChannelPromise promise) {
        long ticket = nextTicket;
        nextTicket = 0;
        if (held.isEmpty() && (ticket == 0 || commits.committed(ticket))) {
            ctx.write(answer, promise);
            return;
        }
        Held last = held.peekLast();
        held.add(new Held(answer, promise, Math.max(ticket, last == null ? 0 : last.ticket)));
        if (ticket != 0) {
            commits.whenCommitted(ticket, () -> releaseOn(ctx));
        }
    }

    private void releaseOn(ChannelHandlerContext ctx) {
        try {
            ctx.executor().execute(this::release);
        } catch (RejectedExecutionException serverStopped) {
            // The event loop ended with the server (store stop): its connections are closed, nothing is left to answer.
        }
    }

    /** Sends the held answers whose writes are in the file, in order; closes the connection if commits failed. */
    private void release() {
        boolean sent = false;
        for (Held next; (next = held.peek()) != null; ) {
            if (commits.committed(next.ticket)) {
                held.poll();
                context.write(next.answer, next.promise);
                sent = true;
            } else if (commits.failure() != null || commits.closed()) {
                dropAll();
                context.close();
                return;
            } else {
                break;
            }
        }
        if (sent) {
            context.flush();
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
        dropAll();
        super.close(ctx, promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        dropAll();
    }

    private void dropAll() {
        for (Held next; (next = held.poll()) != null; ) {
            ReferenceCountUtil.release(next.answer);
            next.promise.tryFailure(new IllegalStateException("The store's file does not hold this write"));
        }
    }

    private record Held(Object answer, ChannelPromise promise, long ticket) {
    }
}
