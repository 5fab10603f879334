package io.jivohub.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ServerSocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook client against real receivers on real sockets that answer the ways HTTP allows (and a few it does
 * not): each answer is read whole and the connection reused only when it may be, a receiver that closed an idle
 * connection costs no failure, none can hold a request past its deadline, and TLS checks whose certificate it is.
 */
class WebhookClientTest {
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static final byte[] EVENT = "{\"event_name\": \"chat_finished\"}".getBytes(StandardCharsets.UTF_8);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final WebhookClient client = new WebhookClient(new AddressRule(true));

    @Test
    void everyKindOfBodyIsReadWholeAndTheConnectionReusedWhenItMayBe() throws Exception {
        List<String> answers = List.of(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst",
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "3;x=y\r\nsec\r\n3\r\nond\r\n0\r\nExpires: never\r\n\r\n",
                "HTTP/1.1 503 Busy\r\nretry-after: 30\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                "HTTP/1.1 200 OK\r\n\r\nuntil the end");
        AtomicInteger next = new AtomicInteger();
        try (Scripted receiver = Scripted.start(ServerSocketFactory.getDefault(), (in, out) -> {
            String answer = answers.get(next.getAndIncrement());
            out.write(answer.getBytes(StandardCharsets.US_ASCII));
            return !answer.contains("Connection: close") && !answer.contains("until the end");
        })) {
            WebhookAnswer first = client.post(receiver.url(), JSON, EVENT, TIMEOUT);
            WebhookAnswer second = client.post(receiver.url(), JSON, EVENT, TIMEOUT);
            WebhookAnswer third = client.post(receiver.url(), JSON, EVENT, TIMEOUT);
            WebhookAnswer fourth = client.post(receiver.url(), JSON, EVENT, TIMEOUT);

            assertThat(new String(first.body(), StandardCharsets.US_ASCII)).isEqualTo("first");
            assertThat(second.status()).as("the interim 100 skipped").isEqualTo(201);
            assertThat(new String(second.body(), StandardCharsets.US_ASCII)).isEqualTo("second");
            assertThat(third.status()).isEqualTo(503);
            assertThat(third.retryAfter()).contains("30");
            assertThat(new String(fourth.body(), StandardCharsets.US_ASCII)).isEqualTo("until the end");
            assertThat(receiver.connections()).as("the first three on one connection, until it said close")
                    .containsExactly(3, 1);
            assertThat(receiver.heads().getFirst()).startsWith("POST /hook?q=1 HTTP/1.1\r\nHost: 127.0.0.1:")
                    .contains("\r\nContent-Type: application/json\r\n", "\r\nContent-Length: " + EVENT.length);
        }
    }

    @Test
    void aConnectionTheReceiverClosedWhileIdleIsReplacedWithoutAFailure() throws Exception {
        try (Scripted receiver = Scripted.start(ServerSocketFactory.getDefault(), (in, out) -> {
            out.write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return false; // and closes it, without saying so
        })) {
            for (int n = 0; n < 3; n++) {
                assertThat(client.post(receiver.url(), JSON, EVENT, TIMEOUT).status()).isEqualTo(204);
            }
            assertThat(receiver.connections()).containsExactly(1, 1, 1);
        }
    }

    @Test
    void aReceiverThatHangsUpEveryTimeIsAFailureAfterOneMoreTry() throws Exception {
        try (Scripted receiver = Scripted.start(ServerSocketFactory.getDefault(), (in, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return true;
        })) {
            client.post(receiver.url(), JSON, EVENT, TIMEOUT);
            receiver.hangUpFromNowOn();
            assertThatThrownBy(() -> client.post(receiver.url(), JSON, EVENT, TIMEOUT))
                    .isInstanceOfSatisfying(WebhookFailure.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(WebhookFailure.Kind.BROKEN);
                        assertThat(failure.getMessage()).startsWith("the connection broke before the whole answer");
                    });
            assertThat(receiver.heads()).as("the reused connection, then a new one").hasSize(3);
        }
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a write that blocks for good ends here
    void noReceiverHoldsARequestPastItsDeadline() throws Exception {
        byte[] large = new byte[32 * 1024 * 1024];
        try (Scripted silent = Scripted.start(ServerSocketFactory.getDefault(), (in, out) -> {
            Thread.sleep(Duration.ofSeconds(30));
            return false;
        }); ServerSocket deaf = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI unread = URI.create("http://127.0.0.1:" + deaf.getLocalPort() + "/"); // accepts nothing, reads nothing
            for (URI url : List.of(silent.url(), unread)) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> client.post(url, JSON, large, Duration.ofMillis(700)))
                        .isInstanceOfSatisfying(WebhookFailure.class, failure -> {
                            assertThat(failure.kind()).isEqualTo(WebhookFailure.Kind.TIMEOUT);
                            assertThat(failure.getMessage()).isEqualTo("no answer within 700 ms");
                        });
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as(url.toString())
                        .isLessThan(Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void anAnswerWithABytePastItsLengthLeavesItsConnectionUnused() throws Exception {
        try (Scripted receiver = Scripted.start(ServerSocketFactory.getDefault(), (in, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok\n".getBytes(StandardCharsets.US_ASCII));
            return true;
        })) {
            for (int n = 0; n < 3; n++) {
                assertThat(client.post(receiver.url(), JSON, EVENT, TIMEOUT).body()).asString(StandardCharsets.US_ASCII)
                        .isEqualTo("ok");
            }
            assertThat(receiver.connections()).containsExactly(1, 1, 1);
        }
    }

    @Test
    void aLongAnswerIsNotReadAndItsConnectionNotReused() throws Exception {
        int length = WebhookClient.MAX_BODY + 1;
        try (Scripted receiver = Scripted.start(ServerSocketFactory.getDefault(), (in, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[length]);
            return true;
        })) {
            WebhookAnswer answer = client.post(receiver.url(), JSON, EVENT, TIMEOUT);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.tooLong()).isTrue();
            assertThat(answer.body()).isEmpty();
            client.post(receiver.url(), JSON, EVENT, TIMEOUT);
            assertThat(receiver.connections()).containsExactly(1, 1);
        }
    }

    @Test
    void aHeaderHttpCannotCarryIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> client.post(URI.create("http://127.0.0.1:9/"),
                Map.of("X-Token", "secret\r\nX-Injected: 1"), EVENT, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("secret");
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a write that blocks for good ends here
    void httpsIsSpokenToTheReceiverWhoseCertificateItIs(@TempDir Path folder) throws Exception {
        KeyStore localhost = keyStore(folder, "localhost", "dns:localhost");
        KeyStore other = keyStore(folder, "other", "dns:other.example");
        WebhookClient trusting = new WebhookClient(new AddressRule(true), trusting(localhost, other));
        Scripted.Script ok = (in, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            return true;
        };
        try (Scripted right = Scripted.start(serving(localhost), ok);
             Scripted wrong = Scripted.start(serving(other), ok)) {
            URI secure = URI.create("https://localhost:" + right.port() + "/hook");
            assertThat(trusting.post(secure, JSON, EVENT, TIMEOUT).body()).asString(StandardCharsets.US_ASCII)
                    .isEqualTo("ok");
            assertThat(trusting.post(secure, JSON, EVENT, TIMEOUT).status()).isEqualTo(200);
            assertThat(right.connections()).as("reused, TLS and all").containsExactly(2);

            URI misnamed = URI.create("https://localhost:" + wrong.port() + "/hook");
            assertThatThrownBy(() -> trusting.post(misnamed, JSON, EVENT, TIMEOUT))
                    .isInstanceOfSatisfying(WebhookFailure.class, failure -> assertThat(failure.getMessage())
                            .isEqualTo("the TLS connection failed (SSLHandshakeException)"));
            assertThat(wrong.heads()).as("nothing sent to a receiver with another's certificate").isEmpty();
        }
        try (ServerSocket deaf = serving(localhost).createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                try (Socket connection = deaf.accept()) {
                    ((SSLSocket) connection).startHandshake();
                    Thread.sleep(Duration.ofSeconds(60)); // and reads nothing
                } catch (IOException | InterruptedException e) {
                    // the test is over
                }
            });
            URI unread = URI.create("https://localhost:" + deaf.getLocalPort() + "/hook");
            for (int n = 0; n < 2; n++) { // the second: the watch still watches after closing a blocked TLS write
                byte[] large = new byte[32 * 1024 * 1024];
                assertThatThrownBy(() -> trusting.post(unread, JSON, large, Duration.ofMillis(700)))
                        .isInstanceOfSatisfying(WebhookFailure.class,
                                failure -> assertThat(failure.kind()).isEqualTo(WebhookFailure.Kind.TIMEOUT));
            }
        }
    }

    /** A self-signed key and certificate for {@code name}, made by the JDK's keytool. */
    private static KeyStore keyStore(Path folder, String name, String san) throws Exception {
        Path file = folder.resolve(name + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "san=" + san, "-validity", "2", "-storetype", "PKCS12", "-storepass", "password",
                "-keystore", file.toString()).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, "password".toCharArray());
        }
        return store;
    }

    private static ServerSocketFactory serving(KeyStore store) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "password".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context.getServerSocketFactory();
    }

    private static SSLSocketFactory trusting(KeyStore... stores) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        for (KeyStore store : stores) {
            String alias = store.aliases().nextElement();
            trusted.setCertificateEntry(alias, store.getCertificate(alias));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    /**
     * A receiver on raw sockets that answers every request by its script, and keeps the heads of the requests and
     * how many came on each connection.
     */
    private static final class Scripted implements AutoCloseable {
        /** Answers one request; whether the connection stays open for the next. */
        interface Script {
            boolean answer(InputStream in, OutputStream out) throws IOException, InterruptedException;
        }

        private final ServerSocket socket;
        private final Script script;
        private final List<String> heads = new CopyOnWriteArrayList<>();
        private final List<AtomicInteger> connections = new CopyOnWriteArrayList<>();
        private volatile boolean hangUp;

        private Scripted(ServerSocket socket, Script script) {
            this.socket = socket;
            this.script = script;
        }

        static Scripted start(ServerSocketFactory factory, Script script) throws IOException {
            Scripted receiver = new Scripted(factory.createServerSocket(0, 16, InetAddress.getLoopbackAddress()),
                    script);
            Thread.ofPlatform().daemon().start(receiver::accept);
            return receiver;
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + port() + "/hook?q=1");
        }

        int port() {
            return socket.getLocalPort();
        }

        List<String> heads() {
            return heads;
        }

        List<Integer> connections() {
            return connections.stream().map(AtomicInteger::get).toList();
        }

        /** From now on, each request is read and its connection closed without an answer. */
        void hangUpFromNowOn() {
            hangUp = true;
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    AtomicInteger requests = new AtomicInteger();
                    connections.add(requests);
                    Thread.ofPlatform().daemon().start(() -> serve(connection, requests));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private void serve(Socket connection, AtomicInteger requests) {
            try (connection; InputStream in = new BufferedInputStream(connection.getInputStream());
                 OutputStream out = connection.getOutputStream()) {
                for (String head = head(in); head != null; head = head(in)) {
                    heads.add(head);
                    requests.incrementAndGet();
                    in.skipNBytes(length(head));
                    if (hangUp || !script.answer(in, out)) {
                        return;
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // the client closed it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static String head(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            for (int b = in.read(); b >= 0; b = in.read()) {
                head.append((char) b);
                if (head.length() >= 4 && head.lastIndexOf("\r\n\r\n") == head.length() - 4) {
                    return head.toString();
                }
            }
            return null;
        }

        private static long length(String head) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    return Long.parseLong(line.substring("content-length:".length()).strip());
                }
            }
            return 0;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
