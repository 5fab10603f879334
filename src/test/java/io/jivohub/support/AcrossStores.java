package io.jivohub.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs every test of a subclass once per store, against one jivohub per store: {@link #hub}. The same suite, not a
 * copy, is what shows every endpoint behaves the same on SQLite and PostgreSQL.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(StoreKind.class)
public abstract class AcrossStores {
    @TempDir
    static Path folder;

    /** The current store. */
    @Parameter
    protected StoreKind store;

    /** The jivohub of the current store. */
    protected static TestHub hub;

    @BeforeParameterizedClassInvocation
    static void startHub(StoreKind store) throws IOException {
        Path storeFolder = Files.createDirectories(folder.resolve(store.name()));
        hub = TestHub.start(store.newDatabase(storeFolder));
    }

    @AfterParameterizedClassInvocation
    static void stopHub() {
        hub.close();
    }
}
