package io.jivohub.ui;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * The dashboard's words in one language: Russian or English, from the bundles {@code io/jivohub/ui/messages_ru}
 * and {@code _en} (UTF-8), every string a page shows. A key missing from a bundle fails the build's tests, never a
 * page. Immutable and thread-safe.
 */
public final class Messages {
    /** The languages, the first the default. */
    public static final List<String> LANGUAGES = List.of("en", "ru");

    private final String language;
    private final ResourceBundle bundle;

    private Messages(String language) {
        this.language = language;
        this.bundle = ResourceBundle.getBundle("io.jivohub.ui.messages", Locale.of(language));
    }

    private static final Messages EN = new Messages("en");
    private static final Messages RU = new Messages("ru");

    /** The words of {@code language} ({@code ru} or {@code en}); English for anything else. */
    public static Messages of(String language) {
        return "ru".equals(language) ? RU : EN;
    }

    /**
     * The language an {@code Accept-Language} header prefers among Russian and English: the first of them it names
     * with the highest weight; English when it names neither.
     */
    static String preferred(String acceptLanguage) {
        String best = LANGUAGES.getFirst();
        double bestWeight = -1;
        for (String part : acceptLanguage.split(",")) {
            String[] pieces = part.strip().split(";");
            String tag = pieces[0].strip().toLowerCase(Locale.ROOT);
            String primary = tag.contains("-") ? tag.substring(0, tag.indexOf('-')) : tag;
            double weight = 1;
            for (int i = 1; i < pieces.length; i++) {
                String parameter = pieces[i].strip();
                if (parameter.startsWith("q=")) {
                    try {
                        weight = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        weight = 0;
                    }
                }
            }
            if (LANGUAGES.contains(primary) && weight > bestWeight && weight > 0) {
                best = primary;
                bestWeight = weight;
            }
        }
        return best;
    }

    public String language() {
        return language;
    }

    /** The time zone dates are shown in until the reader chooses one: Moscow for Russian, UTC otherwise. */
    public ZoneId defaultZone() {
        return language.equals("ru") ? ZoneId.of("Europe/Moscow") : ZoneOffset.UTC;
    }

    /** Whether there is a text for {@code key}. */
    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    /** The text of {@code key}, with {@code arguments} put in its {@code {0}}, {@code {1}}, … */
    public String t(String key, Object... arguments) {
        String text = bundle.getString(key);
        for (int i = 0; i < arguments.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(arguments[i]));
        }
        return text;
    }
}
