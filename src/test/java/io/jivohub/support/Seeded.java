package io.jivohub.support;

import java.security.SecureRandom;
import java.util.Random;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives a test a {@link Random} with a seed of its own, and when the test fails, names the seed and how to run the
 * test again with it: {@code -Djivohub.seed=<seed>}. Generated inputs are then replayable, with plain JUnit.
 */
public final class Seeded implements ParameterResolver, TestExecutionExceptionHandler {
    /** The system property that fixes the seed of every seeded test in the run. */
    public static final String PROPERTY = "jivohub.seed";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Seeded.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Random.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String fixed = System.getProperty(PROPERTY);
        long seed = fixed == null ? new SecureRandom().nextLong() : Long.parseLong(fixed);
        context.getStore(NAMESPACE).put("seed", seed);
        return new Random(seed);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Long seed = context.getStore(NAMESPACE).get("seed", Long.class);
        if (seed == null) {
            throw failure;
        }
        AssertionError seeded = new AssertionError("failed with seed " + seed + "; the same inputs again: ./dev test -DskipITs"
                + " -Dtest=" + context.getRequiredTestClass().getSimpleName() + "#"
                + context.getRequiredTestMethod().getName() + " -D" + PROPERTY + "=" + seed + "\n"
                + failure.getMessage(), failure);
        seeded.setStackTrace(new StackTraceElement[0]);
        throw seeded;
    }
}
