package io.jivohub.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration of jivohub: strict on input, compact UTF-8 on output. A leaf: it knows nothing of
 * HTTP or storage, so every layer may use it.
 *
 * <p>Input is hostile until proven otherwise, so parsing rejects duplicate keys (an object that says two things at
 * once has no single table row) and bounds nesting depth, so a deeply nested body is a 400, never a stack overflow.
 * Jackson's UTF-8 decoder accepts some malformed sequences (overlong forms, encoded surrogates), which is why
 * {@link #requireUtf8(byte[])} checks the bytes with the JDK's strict decoder first.
 *
 * <p>Thread-safe: both the factory and the mapper are immutable and shared.
 */
public final class Json {
    /** Deepest nesting accepted in any request body; Jivo's own payloads are at most four levels deep. */
    public static final int MAX_NESTING_DEPTH = 64;

    public static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNumberLength(1000)
                    // Bodies are already bounded by --max-body-bytes; a long transcript is one long string.
                    .maxStringLength(Integer.MAX_VALUE)
                    .build())
            .build();

    public static final JsonMapper MAPPER = JsonMapper.builder(FACTORY).build();

    private Json() {
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
