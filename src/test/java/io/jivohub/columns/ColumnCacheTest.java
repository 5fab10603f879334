package io.jivohub.columns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What the shared cache of field names never keeps: long names, whoever sends them. */
class ColumnCacheTest {

    private static ColumnCache.Field field(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return ColumnCache.ROOT.field(bytes, 0, bytes.length);
    }

    /** Whether short names are remembered depends on what the whole JVM has seen; long ones never are. */
    @Test
    void aLongNameIsWorkedOutEveryTimeAndNeverKept() {
        String longName = "n".repeat(ColumnCache.MAX_REMEMBERED_COLUMN + 1);

        assertThat(field(longName)).isNotSameAs(field(longName));
        assertThat(field(longName).column()).isEqualTo(longName);
    }
}
