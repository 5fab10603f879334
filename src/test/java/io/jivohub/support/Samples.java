package io.jivohub.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Jivo's documented payloads ({@code src/main/resources/jivo/samples}, copied from the protocol reference). */
public final class Samples {
    private Samples() {
    }

    /** The raw bytes of test resource {@code name}. */
    public static byte[] resource(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every sample file, the CRM ones included. */
    public static List<Path> all() {
        try {
            URL folder = Samples.class.getResource("/jivo/samples");
            try (Stream<Path> files = Files.walk(Path.of(folder.toURI()))) {
                return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] read(Path sample) {
        try {
            return Files.readAllBytes(sample);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
