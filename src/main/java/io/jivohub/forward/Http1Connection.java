package io.jivohub.forward;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 connection to a receiver, on a blocking socket: it writes a request and reads its answer on the
 * calling thread, reading under a deadline (the socket's read timeout is set to what is left of it before every
 * read; {@link WebhookClient} closes the socket of an exchange whose write outlives it). It understands what a
 * receiver may answer: interim 1xx answers, a body by {@code Content-Length}, chunked or up to the end of the
 * connection, {@code Connection: close}. After an answer read whole, the connection may carry the next request
 * ({@link #reusable}). Not thread-safe: one exchange at a time.
 */
final class Http1Connection implements Closeable {
    private static final int MAX_HEAD = 64 * 1024;

    /** The TCP socket: closing it ends an exchange at once, where closing a TLS socket waits for its writer. */
    private final Socket plain;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private boolean reusable;
    private boolean answerBegan;
    /** When the exchange under way must end, in {@link System#nanoTime} terms. */
    private long deadline;
    /** When the connection was last used, in {@link System#nanoTime} terms. */
    long idleSince;

    private Http1Connection(Socket plain, Socket socket) throws IOException {
        this.plain = plain;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Connects {@code plain} to {@code address}: TCP within {@code connectMillis}, then, given {@code tls}, a TLS
     * handshake that checks the certificate is {@code host}'s (each of its reads waits at most until
     * {@code deadline}; the caller watches the whole).
     */
    static Http1Connection open(Socket plain, InetAddress address, SSLSocketFactory tls, String host, int port,
                                int connectMillis, long deadline) throws IOException {
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(address, port), connectMillis);
            if (tls == null) {
                return new Http1Connection(plain, plain);
            }
            String name = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            SSLSocket secured = (SSLSocket) tls.createSocket(plain, name, port, true);
            SSLParameters parameters = secured.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            secured.setSSLParameters(parameters);
            secured.setSoTimeout(millisLeft(deadline));
            secured.startHandshake();
            return new Http1Connection(plain, secured);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** Whether the last answer was read whole and the receiver keeps the connection open for another request. */
    boolean reusable() {
        return reusable;
    }

    /** Whether any byte of the last answer arrived: before that, a reused connection may just have been closed. */
    boolean answerBegan() {
        return answerBegan;
    }

    /**
     * Sends {@code request} (head and body) and reads the answer, each read waiting at most until {@code deadline}
     * ({@link System#nanoTime} terms), keeping at most {@code maxBody} bytes of its body: a longer one is not read,
     * and the connection is then not reused.
     */
    WebhookAnswer exchange(byte[] request, int maxBody, long deadline) throws IOException {
        this.deadline = deadline;
        reusable = false;
        answerBegan = false;
        out.write(request);
        out.flush();
        Head head = head();
        while (head.status / 100 == 1) {
            head = head();
        }
        boolean whole = true;
        byte[] body = new byte[0];
        if (head.status != 204 && head.status != 304) {
            ByteArrayOutputStream kept = new ByteArrayOutputStream();
            if (head.chunked) {
                whole = chunked(kept, maxBody);
            } else if (head.length >= 0) {
                whole = head.length <= maxBody;
                if (whole) {
                    copy(kept, head.length);
                }
            } else {
                whole = untilEnd(kept, maxBody);
                head.keepAlive = false;
            }
            body = whole ? kept.toByteArray() : body;
        }
        reusable = whole && head.keepAlive && position == limit; // a byte more than the answer said: not reused
        return new WebhookAnswer(head.status, Optional.ofNullable(head.retryAfter), body, !whole);
    }

    /** An answer's head, as far as a webhook's sender needs it. */
    private static final class Head {
        int status;
        long length = -1;
        boolean chunked;
        boolean keepAlive = true;
        String retryAfter;
    }

    private Head head() throws IOException {
        Head head = new Head();
        String status = line();
        answerBegan = true;
        if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' ') {
            throw new ProtocolException("not an HTTP/1.1 answer");
        }
        head.keepAlive = status.charAt(7) == '1';
        try {
            head.status = Integer.parseInt(status.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new ProtocolException("not an HTTP status");
        }
        int size = status.length();
        for (String line = line(); !line.isEmpty(); line = line()) {
            size += line.length();
            if (size > MAX_HEAD) {
                throw new ProtocolException("an answer's head longer than " + MAX_HEAD + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (name) {
                case "content-length" -> head.length = length(value);
                case "transfer-encoding" -> head.chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
                case "connection" -> head.keepAlive &= !value.toLowerCase(Locale.ROOT).contains("close");
                case "retry-after" -> head.retryAfter = value;
                default -> {
                }
            }
        }
        return head;
    }

    private static long length(String value) throws ProtocolException {
        try {
            long length = Long.parseLong(value);
            if (length >= 0) {
                return length;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ProtocolException("a Content-Length that is not a length");
    }

    /** A chunked body, kept up to {@code maxBody}; whether it was read whole. */
    private boolean chunked(ByteArrayOutputStream kept, int maxBody) throws IOException {
        for (long size = chunkSize(line()); size > 0; size = chunkSize(line())) {
            if (kept.size() + size > maxBody) {
                return false;
            }
            copy(kept, size);
            if (!line().isEmpty()) {
                throw new ProtocolException("a chunk longer than it said");
            }
        }
        for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
            // trailers are not needed
        }
        return true;
    }

    private static long chunkSize(String line) throws ProtocolException {
        int end = line.indexOf(';');
        try {
            long size = Long.parseLong((end < 0 ? line : line.substring(0, end)).strip(), 16);
            if (size >= 0) {
                return size;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ProtocolException("a chunk size that is not one");
    }

    /** Copies the next {@code length} bytes into {@code kept}. */
    private void copy(ByteArrayOutputStream kept, long length) throws IOException {
        for (long left = length; left > 0; ) {
            if (position == limit && !fill()) {
                throw new EOFException("the body ended early");
            }
            int n = (int) Math.min(left, limit - position);
            kept.write(buffer, position, n);
            position += n;
            left -= n;
        }
    }

    /** A body that ends with the connection, kept up to {@code maxBody}; whether it ended within that. */
    private boolean untilEnd(ByteArrayOutputStream kept, int maxBody) throws IOException {
        while (position < limit || fill()) {
            if (kept.size() + limit - position > maxBody) {
                return false;
            }
            kept.write(buffer, position, limit - position);
            position = limit;
        }
        return true;
    }

    /** One line of the answer's head, without its end; an error when the connection ends first. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (position == limit && !fill()) {
                throw new EOFException("the connection ended before the whole answer");
            }
            int b = buffer[position++] & 0xff;
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() >= MAX_HEAD) {
                throw new ProtocolException("a line longer than " + MAX_HEAD + " bytes");
            }
            line.append((char) b);
        }
    }

    /** Reads more of the answer, waiting at most until the deadline; false at the end of the connection. */
    private boolean fill() throws IOException {
        socket.setSoTimeout(millisLeft(deadline));
        int n = in.read(buffer);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    /** What is left before {@code deadline}, in whole milliseconds, at least one; an error when none is. */
    private static int millisLeft(long deadline) throws SocketTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("the deadline passed");
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left)));
    }

    /** The TCP socket under it, for the deadline watch to close. */
    Socket plain() {
        return plain;
    }

    @Override
    public void close() {
        closeQuietly(plain);
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that was wanted
        }
    }
}
