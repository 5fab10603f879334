package io.jivohub.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import io.jivohub.keys.Keys;

/**
 * The token that get_key, the admin API and the dashboard ask for: the one configured ({@code --admin-token}), or,
 * without one, a token of 256 random bits made at first start and kept in {@value #FILE_NAME} beside the SQLite
 * database, readable by its owner only. There is no way in without a token: a proxy on the same machine makes every
 * request look local, so "local" could never be trusted.
 *
 * <p>Immutable.
 *
 * @param value the token
 * @param file  the file it is kept in, when it was not configured
 * @param made  whether it was made by this start (the only time it is shown)
 */
public record AdminToken(String value, Optional<Path> file, boolean made) {
    static final String FILE_NAME = "admin-token";
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    /**
     * The configured token, else the one kept beside {@code databaseFile}, made now if there is none yet.
     *
     * @throws IllegalStateException when there is neither a configured token nor a database file, or the file
     *                               holds no token
     */
    public static AdminToken of(Optional<String> configured, Optional<Path> databaseFile) {
        if (configured.isPresent()) {
            return new AdminToken(configured.get(), Optional.empty(), false);
        }
        Path file = databaseFile.orElseThrow(() -> new IllegalStateException(
                "without a database file there is nowhere to keep an admin token: set --admin-token"))
                .resolveSibling(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return new AdminToken(read(file), Optional.of(file), false);
            }
            return new AdminToken(make(file), Optional.of(file), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the admin token in " + file + ": " + e.getMessage(), e);
        }
    }

    /** What the console says at start-up, or empty for a configured token; shows the token only when it was made. */
    public Optional<String> notice(String publicUrl) {
        return file.map(kept -> made
                ? "jivohub: made an admin token, kept in " + kept + " (readable by you only): " + value + "\n"
                        + "jivohub: sign in to " + publicUrl + "/jivo/admin with any user name and the token as"
                        + " the password, or send Authorization: Bearer <token> to get_key and the admin API"
                : "jivohub: the admin token is in " + kept);
    }

    private static String read(Path file) throws IOException {
        if (isPosix(file) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
        String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!Keys.isWellFormed(token)) {
            throw new IllegalStateException(file + " holds no admin token; delete it, and a new one is made");
        }
        return token;
    }

    /** Writes a new token to a file of the owner's only, then moves it into place, so no half-written file stays. */
    private static String make(Path file) throws IOException {
        String token = Keys.newKey();
        Path draft = file.resolveSibling(FILE_NAME + ".new");
        Files.deleteIfExists(draft);
        if (isPosix(file)) {
            Files.createFile(draft, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(draft);
        }
        Files.writeString(draft, token + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(draft, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.delete(draft);
            return read(file);
        }
        return token;
    }

    private static boolean isPosix(Path file) throws IOException {
        return Files.getFileStore(file.getParent()).supportsFileAttributeView("posix");
    }
}
