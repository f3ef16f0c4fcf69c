package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/** SQLite's native library is copied into the launcher's cache once, the one the driver itself would pick. */
class SqliteNativeLibraryTest {
    @TempDir
    Path cache;

    @Test
    void theDriversOwnLibraryForThisPlatformIsCopiedIntoTheCache() throws Exception {
        Optional<Path> library = SqliteNativeLibrary.cachedCopy(cache);

        assertThat(library).isPresent();
        assertThat(library.get().getParent()).isEqualTo(cache);
        assertThat(library.get().getFileName().toString()).contains(SQLiteJDBCLoader.getVersion());
        // the driver's own choice of folder (it asks uname, which the cache spares): the same bytes
        String resource = "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/libsqlitejdbc.so";
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            assertThat(Files.readAllBytes(library.get())).isEqualTo(in.readAllBytes());
        }
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files).as("nothing but the library, no partial copy").containsExactly(library.get());
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(library.get()))).isEqualTo("rw-r--r--");
    }

    @Test
    void aLibraryAlreadyInTheCacheIsUsedAsItIs() throws Exception {
        Path first = SqliteNativeLibrary.cachedCopy(cache).orElseThrow();
        Files.write(first, new byte[] {1, 2, 3});

        assertThat(SqliteNativeLibrary.cachedCopy(cache)).contains(first);
        assertThat(Files.readAllBytes(first)).containsExactly(1, 2, 3);
    }

    @Test
    void aCacheThatCannotTakeTheLibraryLeavesItToTheDriver() throws Exception {
        Path notADirectory = Files.writeString(cache.resolve("file"), "x");

        assertThat(SqliteNativeLibrary.cachedCopy(notADirectory)).isEmpty();
    }
}
