package io.jivohub.store;

import java.util.List;
import java.util.regex.Pattern;

/** The event types jivohub knows, and what an event type name may look like. */
public final class EventTypes {
    /** Jivo's webhook events: the seed's six, then the newer client events. */
    public static final List<String> JIVO = List.of(
            "call_event", "chat_accepted", "chat_assigned", "chat_finished", "chat_updated", "offline_message",
            "client_updated", "client_attribute_updated");

    /** The rule {@link #isWellFormed} checks, in words. */
    public static final String WELL_FORMED_RULE = "1 to 64 lowercase letters, digits or underscores";

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,64}");

    private EventTypes() {
    }

    /** Whether get_key can create a connection for {@code name}: a Jivo event type or {@code all}. */
    public static boolean isConnectable(String name) {
        return JIVO.contains(name) || Connection.ALL_EVENTS.equals(name);
    }

    /**
     * Whether {@code name} can be an event type. An {@code all} connection stores every well-formed type, also
     * those Jivo adds after this list was written.
     */
    public static boolean isWellFormed(String name) {
        return NAME.matcher(name).matches();
    }
}
