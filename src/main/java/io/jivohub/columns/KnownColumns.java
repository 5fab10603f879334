package io.jivohub.columns;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The columns each event type is known to have, in a documented order: those of Jivo's documented payloads for the
 * type (the samples in the jar's {@code jivo/samples}: {@code <type>.json}, then {@code <type>.2.json}, …), in the
 * order of their bodies. The files of the raw events start with these, so that their first columns are the same
 * for every connection and from the first event on; other columns follow in the order they first came.
 *
 * <p>Custom attributes ({@code attributes_…}) are left out: each account names its own.
 *
 * <p>Thread-safe.
 */
public final class KnownColumns {
    private static final String SAMPLES = "/jivo/samples/";
    private static final String CUSTOM = "attributes_";
    private static final Map<String, List<String>> BY_TYPE = new ConcurrentHashMap<>();

    private KnownColumns() {
    }

    /** The known columns of events of type {@code eventName}; none for a type without a documented payload. */
    public static List<String> of(String eventName) {
        List<String> known = BY_TYPE.get(eventName);
        if (known == null) {
            known = fromSamples(eventName);
            if (!known.isEmpty()) { // only Jivo's types are remembered, however many others are asked for
                BY_TYPE.put(eventName, known);
            }
        }
        return known;
    }

    private static List<String> fromSamples(String eventName) {
        if (!eventName.matches("[a-z_]+")) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (int sample = 1; ; sample++) {
            byte[] body = sample(eventName + (sample == 1 ? "" : "." + sample) + ".json");
            if (body == null) {
                break;
            }
            for (String name : EventParser.parseStored(body).columnNames()) {
                if (!name.startsWith(CUSTOM)) {
                    names.add(name);
                }
            }
        }
        return List.copyOf(names);
    }

    private static byte[] sample(String file) {
        try (InputStream in = KnownColumns.class.getResourceAsStream(SAMPLES + file)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
