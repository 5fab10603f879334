package io.jivohub.web;

/** Writing HTML safely. */
public final class Html {
    private Html() {
    }

    /**
     * {@code text} as HTML text or as a quoted attribute value: every character that could end the text or the
     * attribute, or start markup, is an entity. Whatever a visitor or a user typed stays text.
     */
    public static String escape(String text) {
        StringBuilder html = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> html.append("&amp;");
                case '<' -> html.append("&lt;");
                case '>' -> html.append("&gt;");
                case '"' -> html.append("&quot;");
                case '\'' -> html.append("&#39;");
                default -> html.append(c);
            }
        }
        return html.toString();
    }
}
