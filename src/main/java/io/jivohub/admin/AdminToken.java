package io.jivohub.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
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
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                Optional<String> made = make(file);
                if (made.isPresent()) {
                    return new AdminToken(made.get(), Optional.of(file), true);
                }
            }
            return new AdminToken(read(file), Optional.of(file), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the admin token in " + file + ": " + e.getMessage(), e);
        }
    }

    /** What the console says at start-up, or empty for a configured token; shows the token only when it was made. */
    public Optional<String> notice(String publicUrl) {
        return file.map(kept -> made
                ? "jivohub: made an admin token, kept in " + kept + " (readable by you only): " + value + "\n"
                        + "jivohub: sign in at " + publicUrl + "/jivo/admin with the token, or send"
                        + " Authorization: Bearer <token> to get_key and the admin API"
                : "jivohub: the admin token is in " + kept);
    }

    /**
     * The token in {@code file}, which must be a regular file (not a link to one elsewhere) owned by the user this
     * runs as; its permissions are narrowed to the owner's if they were wider.
     */
    private static String read(Path file) throws IOException {
        if (isPosix(file)) {
            PosixFileAttributes attributes =
                    Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                throw new IllegalStateException(file + " is not a regular file; replace it with the admin token, or"
                        + " delete it, and a new one is made");
            }
            UserPrincipal me = file.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            if (!attributes.owner().equals(me)) {
                throw new IllegalStateException(file + " belongs to " + attributes.owner().getName() + ", not to "
                        + me.getName() + " who runs jivohub; give it to " + me.getName() + ", or delete it");
            }
            if (!attributes.permissions().equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        }
        String token;
        try (var channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            token = new String(Channels.newInputStream(channel).readNBytes(1024), StandardCharsets.US_ASCII).strip();
        }
        if (!Keys.isWellFormed(token)) {
            throw new IllegalStateException(file + " holds no admin token; delete it, and a new one is made");
        }
        return token;
    }

    /**
     * Writes a new token to a draft of the owner's only, forces it to disk, then links it into place: a link is
     * never made over an existing file, so when two instances start at once, both use the one that got there
     * first, and no half-written token is ever seen.
     *
     * @return the token, or empty when another instance made one first
     */
    private static Optional<String> make(Path file) throws IOException {
        String token = Keys.newKey();
        Path folder = file.getParent();
        Path draft = isPosix(file)
                ? Files.createTempFile(folder, FILE_NAME, ".new", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(folder, FILE_NAME, ".new");
        try {
            try (FileChannel channel = FileChannel.open(draft, StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.US_ASCII.encode(token + "\n"));
                channel.force(true);
            }
            try {
                Files.createLink(file, draft);
            } catch (UnsupportedOperationException e) {
                Files.move(draft, file); // no hard links here: a move that does not replace
            }
        } catch (FileAlreadyExistsException e) {
            return Optional.empty();
        } finally {
            Files.deleteIfExists(draft);
        }
        return Optional.of(token);
    }

    private static boolean isPosix(Path file) throws IOException {
        return Files.getFileStore(file.getParent()).supportsFileAttributeView("posix");
    }
}
