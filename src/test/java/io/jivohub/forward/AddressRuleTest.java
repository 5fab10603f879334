package io.jivohub.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Forwarding reaches public addresses only, unless the operator allows the others. */
class AddressRuleTest {
    private static final AddressRule PUBLIC_ONLY = new AddressRule(false);

    @Test
    void loopbackPrivateLinkLocalAndReservedAddressesAreRefused() {
        for (String host : List.of("127.0.0.1", "127.8.8.8", "localhost", "[::1]", "0.0.0.0", "10.1.2.3",
                "172.16.0.1", "172.31.255.255", "192.168.0.10", "169.254.169.254", "[fe80::1]", "[fd00::1]",
                "100.64.0.1", "224.0.0.1", "255.255.255.255", "[::ffff:127.0.0.1]", "[::]")) {
            assertThat(PUBLIC_ONLY.refusal(host)).as(host).isPresent();
        }
        assertThat(PUBLIC_ONLY.refusal("169.254.169.254").orElseThrow()).contains("metadata");
        assertThat(PUBLIC_ONLY.refusal("localhost").orElseThrow()).as("a name, judged by its addresses")
                .startsWith("localhost is this machine (").contains("--forward-allow-private");
    }

    @Test
    void publicAddressesAreReached() throws Exception {
        for (String host : List.of("93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "[2606:4700::1111]")) {
            assertThat(PUBLIC_ONLY.refusal(host)).as(host).isEmpty();
        }
        assertThat(AddressRule.privateKind(InetAddress.getByName("11.0.0.1"))).isEmpty();
    }

    @Test
    void theOperatorMayAllowEveryAddress() {
        assertThat(new AddressRule(true).refusal("127.0.0.1")).isEmpty();
        assertThat(new AddressRule(true).refusal("169.254.169.254")).isEmpty();
    }
}
