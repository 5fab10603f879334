package io.jivohub;

import java.lang.reflect.InvocationTargetException;

/**
 * The jar's entry point. It checks the Java version before any other class of jivohub loads, so that an older Java
 * (the default on many machines is 17) says in one line what is needed and exits 1, instead of failing with an
 * {@code UnsupportedClassVersionError} trace. Compiled for Java 8 on purpose (see pom.xml), it reaches
 * {@code Main}, which needs Java 21, only by name.
 */
public final class Launcher {
    private static final int REQUIRED = 21;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        String version = System.getProperty("java.specification.version");
        if (feature(version) < REQUIRED) {
            System.err.println("jivohub: needs Java " + REQUIRED + " or newer, and this is Java " + version + " ("
                    + System.getProperty("java.home") + "); run the jar with a newer java");
            System.exit(1);
        }
        try {
            Class.forName("io.jivohub.Main").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The feature release of a {@code java.specification.version}: 8 for "1.8", 17 for "17". */
    private static int feature(String version) {
        String feature = version.startsWith("1.") ? version.substring(2) : version;
        int dot = feature.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? feature : feature.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
