package io.jivohub;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure a running jivohub never lives on without its port. Helidon's listener stops for good on some accept
 * errors (it did when the process ran out of file descriptors), while the process goes on answering nothing. Every
 * period ({@link #PERIOD} in production) this connects to the port itself; if the connection is refused {@value #REFUSALS} times in a row,
 * the listener is gone, and {@code onLost} runs: the command line exits non-zero, so that a supervisor starts
 * jivohub again. One refusal alone could be a moment's hiccup, and a connection that merely waits (a full accept
 * queue) is not taken for a lost listener.
 */
final class ListenerWatch implements AutoCloseable {
    static final Duration PERIOD = Duration.ofSeconds(5);
    private static final Logger LOG = System.getLogger(ListenerWatch.class.getName());
    static final int REFUSALS = 2;
    private static final int CONNECT_TIMEOUT_MILLIS = 2000;
    /** 127.0.0.1: the server listens on every IPv4 address, and "localhost" may name ::1 first. */
    private static final byte[] LOOPBACK = {127, 0, 0, 1};

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "jivohub-listener-watch");
        thread.setDaemon(true);
        return thread;
    });

    /** Refusals in a row so far; only the timer's thread touches it. */
    private int refused;

    /** Starts watching {@code port} on this machine, trying it every {@code period}. */
    ListenerWatch(int port, Duration period, Runnable onLost) {
        timer.scheduleWithFixedDelay(() -> {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getByAddress(LOOPBACK), port), CONNECT_TIMEOUT_MILLIS);
                refused = 0;
            } catch (ConnectException e) {
                if (++refused == REFUSALS) {
                    LOG.log(Level.ERROR, "the HTTP listener on port " + port + " is gone; stopping jivohub");
                    timer.shutdown();
                    onLost.run();
                }
            } catch (IOException busy) {
                refused = 0; // a timeout: the queue of new connections is full, the listener is there
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
