package io.jivohub.ui;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/** The dashboard's precompiled jte templates ({@code src/main/jte}), which escape everything they show. Thread-safe. */
final class Templates {
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

    private Templates() {
    }

    /** {@code template} with {@code parameters}, an empty {@link Optional} among them passed as null. */
    static byte[] render(String template, Map<String, Object> parameters) {
        StringOutput html = new StringOutput(8192);
        ENGINE.render(template, unwrapped(parameters), html);
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The parameters with each empty {@link Optional} as null, which the templates test for (Map.of takes none). */
    private static Map<String, Object> unwrapped(Map<String, Object> parameters) {
        Map<String, Object> values = new HashMap<>();
        parameters.forEach((name, value) -> values.put(name, value instanceof Optional<?> optional
                ? optional.orElse(null) : value));
        return values;
    }
}
