package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.jivohub.support.RawHttp;
import io.jivohub.support.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections that stay without a request are closed after --idle-timeout, so they cannot pile up. */
class IdleConnectionsTest {

    @Test
    void aConnectionWithoutRequestsIsClosedAfterTheIdleTimeout(@TempDir Path folder) throws Exception {
        try (TestHub hub = TestHub.start(folder, "--idle-timeout", "5");
             Socket silent = new Socket("localhost", hub.port());
             RawHttp kept = new RawHttp(hub.port())) {
            assertThat(kept.send("GET /health HTTP/1.1\r\nHost: localhost\r\n", new byte[0]).read(false).status())
                    .isEqualTo(200);
            Instant start = Instant.now();
            silent.setSoTimeout(30_000);

            assertThat(silent.getInputStream().read()).as("the silent connection is closed").isEqualTo(-1);
            assertThat(kept.isClosedByServer()).as("the kept-alive one too, once idle").isTrue();
            assertThat(Duration.between(start, Instant.now())).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(25));
        }
    }
}
