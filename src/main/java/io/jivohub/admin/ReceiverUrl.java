package io.jivohub.admin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import io.jivohub.forward.AddressRule;

/**
 * The rule for an address jivohub posts to (a destination's, a responder's): {@code http(s)://} with a host, at
 * most {@value #MAX_URL} characters, no user name or password (a header carries them) and no {@code #fragment}
 * (it is never sent), at an address {@link AddressRule} lets jivohub reach.
 */
final class ReceiverUrl {
    static final int MAX_URL = 2048;

    private ReceiverUrl() {
    }

    /**
     * {@code url}, checked; its address is judged only when {@code judgeAddress}.
     *
     * @param field the request's field, which the refusal names
     * @throws Refusal INVALID saying what is wrong
     */
    static String checked(String field, String url, boolean judgeAddress, AddressRule addresses) {
        if (url == null || url.isBlank()) {
            throw Refusal.invalid(field + " is missing: the receiver's address, such as https://crm.example.com/jivo");
        }
        if (url.length() > MAX_URL) {
            throw Refusal.invalid(field + " is longer than " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw Refusal.invalid(field + " is not a valid address: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw Refusal.invalid(field + " must be an http:// or https:// address with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw Refusal.invalid(field + " must not carry a user name or password; send them in a header, such as"
                    + " Authorization");
        }
        if (uri.getRawFragment() != null) {
            throw Refusal.invalid(field + " must not have a #fragment: it is never sent");
        }
        if (judgeAddress) {
            addresses.refusal(uri.getHost()).ifPresent(why -> {
                throw Refusal.invalid(field + ": " + why);
            });
        }
        return url;
    }
}
