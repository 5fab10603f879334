package io.jivohub.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of IP addresses, such as {@code 10.0.0.0/8}, {@code ::1} or {@code 2001:db8::/32}: where trusted proxies
 * are. Immutable.
 *
 * @param network      the block's first address
 * @param prefixLength how many leading bits every address of the block shares with it
 */
public record AddressBlock(InetAddress network, int prefixLength) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Hex digits and colons (and dots for an embedded IPv4): with a colon, Java never looks it up as a name. */
    private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9a-fA-F:.]{2,45}");

    /**
     * A block written as an address with an optional {@code /prefix}.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static AddressBlock parse(String text) {
        String block = text.strip();
        int slash = block.indexOf('/');
        InetAddress network = literal(slash < 0 ? block : block.substring(0, slash))
                .orElseThrow(() -> new IllegalArgumentException("\"" + text + "\" is not an IP address or block"));
        int bits = network.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(block.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("\"" + text + "\" has a prefix outside 0 to " + bits);
            }
        }
        return new AddressBlock(network, prefix);
    }

    /** An IP address literal; anything else is empty, and never looked up as a name. */
    static Optional<InetAddress> literal(String text) {
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code address} is in the block; an IPv4 address is never in an IPv6 block, nor the other way. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) {
            return false;
        }
        for (int bit = 0; bit < prefixLength; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((a[bit / 8] & mask) != (n[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
