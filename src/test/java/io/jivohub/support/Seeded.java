package io.jivohub.support;

import java.security.SecureRandom;
import java.util.Random;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives each test of a class a {@link Random}, all derived from one seed per class run, and when a test or the
 * class's {@code @AfterAll} checks fail, names the seed and the command that runs the class again with the same
 * inputs ({@code -Djivohub.seed=<seed>}). One seed for the class, because its tests may share a server whose
 * state the later checks judge. Generated inputs are replayable, with plain JUnit.
 */
public final class Seeded implements ParameterResolver, TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {
    /** The system property that fixes the seed of every seeded class in the run. */
    public static final String PROPERTY = "jivohub.seed";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Seeded.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Random.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return new Random(seed(context) ^ context.getRequiredTestMethod().getName().hashCode());
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw seeded(context, failure);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        throw seeded(context, failure);
    }

    /** The seed of the class {@code context} belongs to: given by {@value #PROPERTY}, else drawn once. */
    private static long seed(ExtensionContext context) {
        return classContext(context).getStore(NAMESPACE).getOrComputeIfAbsent("seed", key -> {
            String fixed = System.getProperty(PROPERTY);
            return fixed == null ? new SecureRandom().nextLong() : Long.parseLong(fixed);
        }, Long.class);
    }

    private static AssertionError seeded(ExtensionContext context, Throwable failure) {
        long seed = seed(context);
        AssertionError seeded = new AssertionError("failed with seed " + seed + "; the same inputs again: ./dev test"
                + " -DskipITs -Dtest=" + context.getRequiredTestClass().getSimpleName() + " -D" + PROPERTY + "=" + seed
                + "\n" + failure.getMessage(), failure);
        seeded.setStackTrace(new StackTraceElement[0]);
        return seeded;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext at = context;
        while (at.getTestMethod().isPresent()) {
            at = at.getParent().orElseThrow();
        }
        return at;
    }
}
