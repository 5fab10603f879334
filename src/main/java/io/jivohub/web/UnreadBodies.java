package io.jivohub.web;

import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Closes the connection after an answer to a request whose body was not read to its end. {@link Responses} tells
 * the client so ({@code Connection: close}); Helidon would still read on, and take what the client sends next (the
 * body it held back for {@code Expect: 100-continue}, say) as a new request: a request smuggled past every check
 * of the first one. A client that is still sending the body gets the time to finish (up to twice
 * {@code --max-body-bytes}, see {@link Bodies#drain}), so that it hears the answer before the connection closes.
 */
public final class UnreadBodies implements Filter {
    private final long drainLimit;

    /** @param maxBodyBytes the largest body accepted; twice as much of a rejected one is drained at most */
    public UnreadBodies(int maxBodyBytes) {
        this.drainLimit = 2L * maxBodyBytes;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        chain.proceed();
        if (Responses.isBodyLeftUnread(req)) {
            Bodies.drain(req, drainLimit);
            throw new CloseConnectionException("the request's body was not read; the connection closes");
        }
    }
}
