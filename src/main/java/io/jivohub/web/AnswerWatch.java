package io.jivohub.web;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;

/**
 * A connection's context that notes when a piece of an answer last went out, so that {@link ConnectionGate} can
 * tell a client still taking a long answer from one that stopped reading. Helidon writes an answer's body in one
 * call, which blocks until a slow client has read all but what the socket buffers, so a large buffer goes out in
 * pieces of {@value #PIECE} bytes, each noted. Thread-safe.
 */
final class AnswerWatch implements ConnectionContext {
    private static final int PIECE = 64 * 1024;

    private final ConnectionContext ctx;
    private final DataWriter writer;
    private volatile long lastWrite = System.nanoTime();

    AnswerWatch(ConnectionContext ctx) {
        this.ctx = ctx;
        this.writer = new NotingWriter(ctx.dataWriter());
    }

    /** How long ago the last write to the client ended. */
    Duration sinceLastWrite() {
        return Duration.ofNanos(System.nanoTime() - lastWrite);
    }

    @Override
    public DataWriter dataWriter() {
        return writer;
    }

    @Override
    public ListenerContext listenerContext() {
        return ctx.listenerContext();
    }

    @Override
    public ExecutorService executor() {
        return ctx.executor();
    }

    @Override
    public DataReader dataReader() {
        return ctx.dataReader();
    }

    @Override
    public Router router() {
        return ctx.router();
    }

    @Override
    public Optional<ProxyProtocolData> proxyProtocolData() {
        return ctx.proxyProtocolData();
    }

    @Override
    public HelidonSocket serverSocket() {
        return ctx.serverSocket();
    }

    @Override
    public PeerInfo remotePeer() {
        return ctx.remotePeer();
    }

    @Override
    public PeerInfo localPeer() {
        return ctx.localPeer();
    }

    @Override
    public boolean isSecure() {
        return ctx.isSecure();
    }

    @Override
    public String socketId() {
        return ctx.socketId();
    }

    @Override
    public String childSocketId() {
        return ctx.childSocketId();
    }

    /** Writes through to the socket, large buffers in pieces, noting when each write ends. */
    private final class NotingWriter implements DataWriter {
        private final DataWriter socket;

        NotingWriter(DataWriter socket) {
            this.socket = socket;
        }

        @Override
        public void write(BufferData... buffers) {
            send(buffers, false);
        }

        @Override
        public void write(BufferData buffer) {
            send(new BufferData[] {buffer}, false);
        }

        @Override
        public void writeNow(BufferData... buffers) {
            send(buffers, true);
        }

        @Override
        public void writeNow(BufferData buffer) {
            send(new BufferData[] {buffer}, true);
        }

        @Override
        public void flush() {
            socket.flush();
        }

        @Override
        public void close() {
            socket.close();
        }

        private void send(BufferData[] buffers, boolean now) {
            if (fitsOnePiece(buffers)) {
                out(now, buffers);
                return;
            }
            for (BufferData buffer : buffers) {
                while (buffer.available() > PIECE) {
                    byte[] piece = new byte[PIECE];
                    buffer.read(piece);
                    out(now, BufferData.create(piece));
                }
                out(now, buffer);
            }
        }

        private void out(boolean now, BufferData... buffers) {
            if (now) {
                socket.writeNow(buffers);
            } else {
                socket.write(buffers);
            }
            lastWrite = System.nanoTime();
        }

        private static boolean fitsOnePiece(BufferData... buffers) {
            long bytes = 0;
            for (BufferData buffer : buffers) {
                bytes += buffer.available();
            }
            return bytes <= PIECE;
        }
    }
}
