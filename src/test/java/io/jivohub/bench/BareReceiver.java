package io.jivohub.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A receiver as cheap as one can be, for the server to post to: HTTP/1.1 on blocking sockets, a platform thread per
 * connection, no more parsing than finding the end of a request's head and skipping the {@code Content-Length}
 * bytes of its body (the server's client always sends one). It answers every request 200 with its answer after its
 * delay, and counts them. It shares the two cores with the server and wrk, where a receiver on another machine
 * would cost this one nothing: the less it costs, the more what is measured is the server's. (Until the fifth
 * session the JDK's {@code HttpServer} stood in its place.)
 */
final class BareReceiver implements AutoCloseable {
    private static final String LENGTH = "content-length:";

    private final ServerSocket socket;
    private final Duration delay;
    private final byte[] response;
    private final AtomicLong requests = new AtomicLong();

    private BareReceiver(ServerSocket socket, Duration delay, byte[] response) {
        this.socket = socket;
        this.delay = delay;
        this.response = response;
    }

    /** Starts one that answers {@code answer} (JSON, or nothing when empty) {@code delay} after each request. */
    static BareReceiver start(Duration delay, byte[] answer) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        response.writeBytes(("HTTP/1.1 200 OK\r\n" + (answer.length > 0 ? "Content-Type: application/json\r\n" : "")
                + "Content-Length: " + answer.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        response.writeBytes(answer);
        BareReceiver receiver = new BareReceiver(new ServerSocket(0, 256, InetAddress.getLoopbackAddress()), delay,
                response.toByteArray());
        Thread.ofPlatform().daemon().name("bench-receiver").start(receiver::accept);
        return receiver;
    }

    /** The requests answered so far. */
    long requests() {
        return requests.get();
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connection.setTcpNoDelay(true);
                Thread.ofPlatform().daemon().start(() -> serve(connection));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket connection) {
        try (connection; InputStream in = new BufferedInputStream(connection.getInputStream());
             OutputStream out = connection.getOutputStream()) {
            for (long length = head(in); length >= 0; length = head(in)) {
                in.skipNBytes(length);
                if (delay.isPositive()) {
                    Thread.sleep(delay);
                }
                requests.incrementAndGet();
                out.write(response);
                out.flush();
            }
        } catch (IOException e) {
            // the server closed the connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads a request's head; its {@code Content-Length}, or -1 when the connection ended before one. */
    private static long head(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        long length = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                if (line.isEmpty()) {
                    return length;
                }
                if (line.length() > LENGTH.length() && line.substring(0, LENGTH.length()).equalsIgnoreCase(LENGTH)) {
                    length = Long.parseLong(line.substring(LENGTH.length()).strip());
                }
                line.setLength(0);
            } else if (b != '\r') {
                line.append((char) b);
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
