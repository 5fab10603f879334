package io.jivohub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;

import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark is a single source file run by the JDK; it must keep compiling against the code it measures. */
class BenchSourceTest {

    @Test
    void theBenchmarkCompiles(@TempDir Path classes) {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();

        int result = ToolProvider.getSystemJavaCompiler().run(null, null, errors, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), "bench/Bench.java");

        assertThat(result).as(errors.toString()).isZero();
    }
}
