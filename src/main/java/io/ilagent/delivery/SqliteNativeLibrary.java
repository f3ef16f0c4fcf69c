package io.ilagent.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * Where sqlite-jdbc loads its native library from. Left to itself, the driver first starts {@code uname -o} (to
 * tell Android's Termux apart: a child process, and a "process reaper" thread the daemon kept), then copies the
 * library (about 1 MB) out of the jar into {@code java.io.tmpdir} at every start, reads both back to compare them,
 * and deletes the copy at exit; a process that is killed leaves its copy behind for good. When the launcher names
 * a cache directory (system property {@value #CACHE_PROPERTY}), the library is copied there once, under a name that
 * holds the driver's version, and loaded from there. Without that property, or when the copy cannot be made, the
 * driver does as it always did (and it also falls back by itself when a named library fails to load).
 */
final class SqliteNativeLibrary {
    static final String CACHE_PROPERTY = "ilagent.native_cache";

    private SqliteNativeLibrary() {}

    /**
     * Points the driver at the cached copy before its first connection. Once done, the driver's own property says
     * so, and later calls return at once.
     */
    static synchronized void prepare() {
        String dir = System.getProperty(CACHE_PROPERTY, "");
        if (dir.isBlank() || System.getProperty("org.sqlite.lib.path") != null) {
            return; // no cache, or the library is chosen already (by the operator or an earlier call)
        }
        cachedCopy(Path.of(dir)).ifPresent(library -> {
            System.setProperty("org.sqlite.lib.path", library.getParent().toString());
            System.setProperty("org.sqlite.lib.name", library.getFileName().toString());
        });
    }

    /**
     * The library for this platform in {@code dir}, copied there from the jar when it is not there yet (to a
     * temporary name first, so that no process ever sees half a file); empty when this platform's library is not
     * in the jar or the directory cannot take it.
     */
    static Optional<Path> cachedCopy(Path dir) {
        Optional<String> folder = platformFolder();
        if (folder.isEmpty()) {
            return Optional.empty();
        }
        String resource = "/org/sqlite/native/" + folder.get() + "/libsqlitejdbc.so";
        Path library = dir.resolve("sqlite-" + SQLiteJDBCLoader.getVersion() + "-" + folder.get().replace('/', '-')
                + "-libsqlitejdbc.so");
        if (Files.isRegularFile(library)) {
            // one another user wrote and this one cannot read (a cache shared by mistake): the driver's own way
            return Files.isReadable(library) ? Optional.of(library) : Optional.empty();
        }
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            Path part = Files.createTempFile(dir, "sqlite-", ".part");
            try {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                // readable by all, like the JVM's archives beside it: a library is no secret (the temporary file is 0600)
                Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(part, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
            return Optional.of(library);
        } catch (IOException | RuntimeException cannot) {
            return Optional.empty(); // e.g. a read-only cache: the driver's own way
        }
    }

    /**
     * The jar's folder for this platform, as the driver names it, found without starting a program: Linux (glibc or
     * musl) only, which is what the agent's jar carries; 32-bit ARM, whose variant the driver asks {@code uname}
     * for, is left to the driver.
     */
    private static Optional<String> platformFolder() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.equals("Linux") || arch.startsWith("arm") || OSInfo.isAndroidRuntime()) {
            return Optional.empty();
        }
        return Optional.of((OSInfo.isMusl() ? "Linux-Musl/" : "Linux/") + OSInfo.getArchName());
    }
}
