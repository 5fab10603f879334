package io.jivohub;

import java.util.Objects;

/**
 * One setting of jivohub, declared once: its flag, its environment twin, its default, how its text is read and
 * which values it accepts, and its help. {@code --help} is written from these declarations, and a test checks the
 * README's table of settings (flags, environment variables, defaults) against them. Immutable.
 *
 * @param flag        the command-line flag, such as {@code --port}
 * @param env         the environment variable that sets it when the flag is absent; {@code null} for a switch,
 *                    which deliberately has none
 * @param defaultText the value when neither is given, as text; {@code null} when there is none
 * @param parser      reads the text into the value, or throws {@link Broken} saying which rule it broke
 * @param range       the accepted values in words, for the help ({@code "0 to 65535"}); {@code null} if obvious
 * @param help        what it does, one line
 * @param <T>         the type of the value
 */
public record Setting<T>(String flag, String env, String defaultText, Parser<T> parser, String range, String help) {
    public Setting {
        Objects.requireNonNull(flag);
        Objects.requireNonNull(parser);
        Objects.requireNonNull(help);
    }

    /** Reads a setting's text; {@code null} text means the setting is not given and has no default. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text) throws Broken;
    }

    /** A value that breaks its setting's rule; the message is the rule, such as "must be a whole number …". */
    public static final class Broken extends Exception {
        public Broken(String rule) {
            super(rule, null, false, false);
        }
    }

    /** A whole number from {@code min} to {@code max}. */
    static Setting<Integer> integer(String flag, String env, int defaultValue, int min, int max, String help) {
        return new Setting<>(flag, env, String.valueOf(defaultValue), text -> {
            try {
                int number = Integer.parseInt(text.strip());
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // broken below
            }
            throw new Broken("must be a whole number from " + min + " to " + max + ", got \"" + text + "\"");
        }, min + " to " + max, help);
    }

    /** A text read by {@code parser}, which gets {@code null} when the setting is absent without a default. */
    static <T> Setting<T> text(String flag, String env, String defaultText, Parser<T> parser, String help) {
        return new Setting<>(flag, env, defaultText, parser, null, help);
    }

    /** A switch: present or not, without a value and without an environment twin. */
    static Setting<Boolean> onOff(String flag, String help) {
        return new Setting<>(flag, null, null, Objects::nonNull, null, help);
    }

    /** Whether it is a switch. */
    public boolean isSwitch() {
        return env == null;
    }

    /** Its line in {@code --help}. */
    String helpLine() {
        String notes = range == null ? "" : range;
        if (defaultText != null) {
            notes += (notes.isEmpty() ? "" : "; ") + "default " + defaultText;
        }
        return String.format("  %-24s %-24s %s%s", isSwitch() ? flag : flag + " <value>", isSwitch() ? "" : env,
                help, notes.isEmpty() ? "" : " (" + notes + ")");
    }
}
