package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** A listener that is there is left alone; one that is gone stops the process. */
class ListenerWatchTest {
    @Test
    void aListenerThatStopsAcceptingStopsJivohub() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        AtomicBoolean lost = new AtomicBoolean();
        ServerSocket listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread accepting = Thread.ofVirtual().start(() -> {
            while (true) {
                try {
                    listener.accept().close();
                    probes.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        ListenerWatch watch = new ListenerWatch(listener.getLocalPort(), Duration.ofMillis(50), () -> lost.set(true));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> probes.get() >= 5);
            assertThat(lost).as("the listener answered five probes").isFalse();

            listener.close();
            accepting.join();

            await().atMost(Duration.ofSeconds(10)).untilTrue(lost);
        } finally {
            watch.close();
        }
    }
}
