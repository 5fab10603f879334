package io.jivohub.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which spellings of a path are the one spelling. */
class CanonicalPathsTest {

    @Test
    void plainSegmentsAreCanonicalAndEverythingThatDecodesOrNormalisesIsNot() {
        assertThat(CanonicalPaths.isCanonical("/")).isTrue();
        assertThat(CanonicalPaths.isCanonical("/jivo/all/0a1b")).isTrue();
        assertThat(CanonicalPaths.isCanonical("/jivo/get_key")).isTrue();
        for (String other : new String[] {"", "jivo", "/jivo/", "//jivo", "/jivo//all", "/jivo/./all", "/jivo/../x",
                "/jivo/all%2Fkey", "/jivo/%61ll", "/jivo/all;x=1", "/jivo/all/key/"}) {
            assertThat(CanonicalPaths.isCanonical(other)).as(other).isFalse();
        }
    }
}
