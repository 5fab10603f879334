package io.jivohub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.jivohub.keys.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin token kept beside the database: made once, the owner's only, never taken from a file planted there. */
class AdminTokenTest {
    @Test
    void aTokenIsMadeOnceReadableByItsOwnerOnlyAndReadBackAfter(@TempDir Path folder) throws Exception {
        Path database = folder.resolve("jivohub.db");
        AdminToken made = AdminToken.of(Optional.empty(), Optional.of(database));
        Path file = folder.resolve(AdminToken.FILE_NAME);

        assertThat(made.made()).isTrue();
        assertThat(made.file()).contains(file);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(AdminToken.of(Optional.empty(), Optional.of(database)))
                .isEqualTo(new AdminToken(made.value(), Optional.of(file), false));
        try (var left = Files.list(folder)) {
            assertThat(left).as("no draft left behind").containsExactly(file);
        }
    }

    @Test
    void widerPermissionsAreNarrowedToTheOwner(@TempDir Path folder) throws Exception {
        Path file = Files.writeString(folder.resolve(AdminToken.FILE_NAME), Keys.newKey() + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        AdminToken.of(Optional.empty(), Optional.of(folder.resolve("jivohub.db")));

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aLinkInPlaceOfTheTokenIsRefused(@TempDir Path folder) throws Exception {
        Path elsewhere = Files.writeString(folder.resolve("someone-elses-token"), Keys.newKey() + "\n");
        Files.createSymbolicLink(folder.resolve(AdminToken.FILE_NAME), elsewhere);

        assertThatThrownBy(() -> AdminToken.of(Optional.empty(), Optional.of(folder.resolve("jivohub.db"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a regular file");
    }

    @Test
    void aTokenFileOfAnotherUserIsRefused(@TempDir Path folder) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a file away");
        Path file = Files.writeString(folder.resolve(AdminToken.FILE_NAME), Keys.newKey() + "\n");
        Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

        assertThatThrownBy(() -> AdminToken.of(Optional.empty(), Optional.of(folder.resolve("jivohub.db"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to nobody");
    }

    @Test
    void instancesStartingAtOnceAllUseTheOneTokenMadeFirst(@TempDir Path folder) throws Exception {
        int instances = 8;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            for (int round = 0; round < 20; round++) {
                Path database = Files.createDirectory(folder.resolve("round-" + round)).resolve("jivohub.db");
                CyclicBarrier start = new CyclicBarrier(instances);
                List<Future<AdminToken>> starts = new ArrayList<>();
                for (int i = 0; i < instances; i++) {
                    starts.add(pool.submit(() -> {
                        start.await();
                        return AdminToken.of(Optional.empty(), Optional.of(database));
                    }));
                }
                Set<String> tokens = new HashSet<>();
                int made = 0;
                for (Future<AdminToken> instance : starts) {
                    tokens.add(instance.get().value());
                    made += instance.get().made() ? 1 : 0;
                }
                assertThat(tokens).as("round %d", round).hasSize(1);
                assertThat(made).as("round %d: instances that say they made the token", round).isEqualTo(1);
                assertThat(Files.readString(database.resolveSibling(AdminToken.FILE_NAME)).strip())
                        .isEqualTo(tokens.iterator().next());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
