package io.jivohub.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/** Compressing answers for clients that ask ({@code Accept-Encoding: gzip}), as BI tools do for large exports. */
public final class Gzip {
    private Gzip() {
    }

    /** Whether {@code req} accepts gzip: listed in {@code Accept-Encoding}, and not with {@code q=0}. */
    public static boolean accepted(ServerRequest req) {
        for (String header : req.headers().all(HeaderNames.ACCEPT_ENCODING, java.util.List::of)) {
            for (String coding : header.split(",")) {
                String[] parts = coding.strip().toLowerCase(Locale.ROOT).split(";");
                if (parts[0].strip().equals("gzip") && !(parts.length > 1 && parts[1].replace(" ", "").matches(
                        "q=0(\\.0*)?"))) {
                    return true;
                }
            }
        }
        return false;
    }

    static byte[] compress(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
