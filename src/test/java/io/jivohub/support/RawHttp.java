package io.jivohub.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.jivohub.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * HTTP/1.1 over a plain socket, for requests an HTTP client would refuse to send and for answers it would hide:
 * several requests on one connection, the bytes exactly as the server wrote them. Not thread-safe.
 */
public final class RawHttp implements AutoCloseable {
    /** An answer as read from the socket: a body only as long as its {@code Content-Length}. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        /** A header by its name in any case, or {@code null}. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Connects to localhost:{@code port}; reads give up after 10 s. */
    public RawHttp(int port) {
        try {
            socket = new Socket("localhost", port);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code head} (request line and headers, each ending in CRLF, without the empty line) and {@code body};
     * with an empty {@code head}, only {@code body} (the rest of a request sent before).
     */
    public RawHttp send(String head, byte[] body) throws IOException {
        if (!head.isEmpty()) {
            out.write((head + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write(body);
        out.flush();
        return this;
    }

    /**
     * Reads the next final answer, past interim ones such as 100 Continue. The answer to a {@code HEAD} request
     * ({@code forHead}) has no body, whatever its {@code Content-Length} says.
     *
     * @return the answer, or {@code null} when the server closed the connection without one
     */
    public Answer read(boolean forHead) throws IOException {
        while (true) {
            String head = readHead();
            if (!head.startsWith("HTTP/1.1 ")) {
                return null;
            }
            int status = Integer.parseInt(head.substring(9, 12));
            if (status >= 200) {
                Map<String, String> headers = headers(head);
                String length = headers.get("content-length");
                byte[] body = in.readNBytes(forHead || length == null ? 0 : Integer.parseInt(length));
                return new Answer(status, headers, body);
            }
        }
    }

    /** Tells the server the client sends nothing more: a body cut short then ends here, instead of waiting. */
    public RawHttp finish() throws IOException {
        socket.shutdownOutput();
        return this;
    }

    /** Whether the server has closed the connection with nothing more to read. */
    public boolean isClosedByServer() throws IOException {
        return in.read() == -1;
    }

    /** The status line and headers, up to the empty line. */
    private String readHead() throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 65_536 && !(head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4)) {
            int b = in.read();
            if (b == -1) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        return headers;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
