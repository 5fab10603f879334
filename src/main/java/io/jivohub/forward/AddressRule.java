package io.jivohub.forward;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which receivers forwarding may reach: public addresses only, so that a destination cannot make jivohub post to
 * this machine, its network or a cloud's metadata service, unless the operator allows it
 * ({@code --forward-allow-private}). A host name is judged by every address it resolves to: when a destination or
 * responder is made, by {@link #refusal(String)}, and on every connection jivohub opens to it, by
 * {@link #refusal(String, InetAddress[])} over the very addresses {@link WebhookClient} then connects to (a name
 * may point elsewhere later, or resolve differently a second time). Immutable.
 *
 * @param allowPrivate whether private, loopback and link-local addresses may be reached too
 */
public record AddressRule(boolean allowPrivate) {
    /** Why a receiver at {@code host} (a name or an address, IPv6 in brackets) may not be reached, or empty. */
    public Optional<String> refusal(String host) {
        if (allowPrivate) {
            return Optional.empty();
        }
        try {
            return refusal(host, resolve(host));
        } catch (UnknownHostException e) {
            return Optional.of("the host name " + host + " does not resolve");
        }
    }

    /** Why a receiver at {@code host}, which resolved to {@code addresses}, may not be reached, or empty. */
    Optional<String> refusal(String host, InetAddress[] addresses) {
        if (allowPrivate) {
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = privateKind(address);
            if (kind.isPresent()) {
                return Optional.of(host + " is " + kind.get() + " (" + address.getHostAddress() + "); jivohub"
                        + " forwards to public addresses only, unless started with --forward-allow-private");
            }
        }
        return Optional.empty();
    }

    /** Every address of {@code host}, a name or an address (IPv6 in brackets, as in a URL). */
    static InetAddress[] resolve(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host);
    }

    /** What kind of address that is not public {@code address} is, if it is one. */
    static Optional<String> privateKind(InetAddress address) {
        byte[] bytes = address.getAddress();
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        if (address.isLoopbackAddress()) {
            return Optional.of("this machine");
        }
        if (address.isAnyLocalAddress() || bytes.length == 4 && first == 0) {
            return Optional.of("an unspecified address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address, where cloud metadata services answer");
        }
        if (address.isSiteLocalAddress() || address instanceof Inet6Address && (first & 0xfe) == 0xfc) {
            return Optional.of("a private network address");
        }
        if (bytes.length == 4 && first == 100 && (second & 0xc0) == 64) {
            return Optional.of("a carrier-grade NAT address");
        }
        if (address.isMulticastAddress() || bytes.length == 4 && first >= 240) {
            return Optional.of("not a unicast address");
        }
        return Optional.empty();
    }
}
