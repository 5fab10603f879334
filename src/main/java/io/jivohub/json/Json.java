package io.jivohub.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration of jivohub: strict on input, compact UTF-8 on output. A leaf: it knows nothing of
 * HTTP or storage, so every layer may use it.
 *
 * <p>Input is hostile until proven otherwise, so parsing rejects duplicate keys (an object that says two things at
 * once has no single table row) and bounds nesting depth, so a deeply nested body is a 400, never a stack overflow.
 * Field names are at most {@value #MAX_NAME_LENGTH} characters, and Jackson does not keep the names it reads in its
 * shared table of names: bodies with endless long names once held 500 MB there, and slowed every later parse.
 * Jackson's UTF-8 decoder accepts some malformed sequences (overlong forms, encoded surrogates), which is why
 * {@link #requireUtf8(byte[])} checks the bytes with the JDK's strict decoder first.
 *
 * <p>Thread-safe: both the factory and the mapper are immutable and shared.
 */
public final class Json {
    /** Deepest nesting accepted in any request body; Jivo's own payloads are at most four levels deep. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longest field name accepted; Jivo's are a few dozen characters. */
    public static final int MAX_NAME_LENGTH = 1000;

    public static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(TokenStreamFactory.Feature.CANONICALIZE_PROPERTY_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .maxNumberLength(1000)
                    // Bodies are already bounded by --max-body-bytes; a long transcript is one long string.
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .build();

    public static final JsonMapper MAPPER = JsonMapper.builder(FACTORY).build();

    private static final int MAX_ERROR_DETAIL = 200;
    /** Jackson names the setting a body broke, such as {@code , from `StreamReadConstraints.getMaxNameLength()`}. */
    private static final Pattern SETTING_NAME = Pattern.compile(", from `[^`]*`");

    private Json() {
    }

    /**
     * What is wrong with a body Jackson refused, for the person who sent it: Jackson's words (without the names of
     * its settings), at most {@value #MAX_ERROR_DETAIL} characters, and where.
     */
    public static String describe(JacksonException e) {
        String detail = SETTING_NAME.matcher(e.getOriginalMessage()).replaceAll("");
        if (detail.length() > MAX_ERROR_DETAIL) {
            detail = detail.substring(0, MAX_ERROR_DETAIL) + "…";
        }
        TokenStreamLocation at = e.getLocation();
        return at == null ? detail : detail + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /**
     * Checks that {@code bytes} are well-formed UTF-8.
     *
     * @throws CharacterCodingException naming the offset of the first malformed byte
     */
    public static void requireUtf8(byte[] bytes) throws CharacterCodingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(Math.min(bytes.length, 4096) + 2);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw new CharacterCodingException() {
                    @Override
                    public String getMessage() {
                        return "invalid UTF-8 at byte " + in.position();
                    }
                };
            }
            if (result.isUnderflow()) {
                return;
            }
            out.clear();
        }
    }
}
