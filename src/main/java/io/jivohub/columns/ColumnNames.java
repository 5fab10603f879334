package io.jivohub.columns;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Names a value's column from its path of field names, by the seed's rules.
 *
 * <ul>
 *   <li>A top-level field keeps its name ({@code chat_id}).</li>
 *   <li>The containers Jivo uses for visitor data ({@code visitor}, {@code session}, {@code session.geoip},
 *       {@code session.utm_json}, {@code page}) add nothing: {@code session.geoip.city} is {@code city}.</li>
 *   <li>Every other object adds its name with {@code _}: {@code agent.name} is {@code agent_name}, unless the field
 *       already starts with it: {@code topic.topic_id} is {@code topic_id}, not {@code topic_topic_id}.</li>
 * </ul>
 *
 * <p>Two different paths can still reach one name ({@code name} at the top and {@code visitor.name}); the
 * {@link #fullName full name} then tells them apart, see {@link EventParser}.
 */
public final class ColumnNames {
    private static final Set<String> TRANSPARENT_CONTAINERS =
            Set.of("visitor", "session", "session.geoip", "session.utm_json", "page");

    private ColumnNames() {
    }

    /** The column of the value at {@code path} (field names from the top of the event). */
    public static String of(List<String> path) {
        List<String> parts = new ArrayList<>(path.size());
        StringBuilder containerPath = new StringBuilder();
        for (int i = 0; i < path.size() - 1; i++) {
            if (i > 0) {
                containerPath.append('.');
            }
            containerPath.append(path.get(i));
            if (!TRANSPARENT_CONTAINERS.contains(containerPath.toString())) {
                parts.add(path.get(i));
            }
        }
        String leaf = path.getLast();
        if (!parts.isEmpty()) {
            String parent = parts.getLast();
            if (leaf.equals(parent) || leaf.startsWith(parent + "_")) {
                parts.removeLast();
            }
        }
        parts.add(leaf);
        return String.join("_", parts);
    }

    /** The unabridged name of {@code path}: every field name joined with {@code _}. */
    public static String fullName(List<String> path) {
        return String.join("_", path);
    }
}
