package io.jivohub.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs every test of a subclass once per store, against one jivohub per store: {@link #hub}, started with the
 * subclass's {@link HubFlags}, if it has them. The same suite, not a copy, is what shows every endpoint behaves the
 * same on SQLite and PostgreSQL.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
public abstract class AcrossStores {
    /** A folder of the test class's own; each store's database is in a folder under it. */
    @TempDir
    protected static Path folder;

    /** The current store. */
    @Parameter
    protected StoreKind store;

    /** The jivohub of the current store. */
    protected static TestHub hub;

    @BeforeParameterizedClassInvocation
    static void startHub(StoreKind store, TestInfo test) throws IOException {
        Path storeFolder = Files.createDirectories(folder.resolve(store.name()));
        HubFlags flags = test.getTestClass().orElseThrow().getAnnotation(HubFlags.class);
        hub = TestHub.start(store.newDatabase(storeFolder), flags == null ? new String[0] : flags.value());
    }

    @AfterParameterizedClassInvocation
    static void stopHub() {
        hub.close();
    }
}
