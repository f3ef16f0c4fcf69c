package io.ilagent.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondLockOnTheSameFileIsRefusedWithTheFix() {
        Path file = dir.resolve("agent.db3");
        try (DatabaseLock first = DatabaseLock.acquire(file)) {
            assertThatThrownBy(() -> DatabaseLock.acquire(file)).isInstanceOf(StoreException.class)
                    .hasMessage("another ilagent daemon is running on " + file + " (it holds " + file + ".lock): "
                            + "stop it first, or give this daemon its own file with -f FILE");
        }
    }

    @Test
    void theLockIsFreeAgainOnceReleasedAndItsFileIsOwnerOnly() throws Exception {
        Path file = dir.resolve("agent.db3");
        DatabaseLock.acquire(file).close();

        try (DatabaseLock again = DatabaseLock.acquire(file)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(file + ".lock"))))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void otherFilesHaveTheirOwnLocks() {
        try (DatabaseLock a = DatabaseLock.acquire(dir.resolve("a.db3"));
             DatabaseLock b = DatabaseLock.acquire(dir.resolve("b.db3"))) {
            assertThat(a).isNotNull();
            assertThat(b).isNotNull();
        }
    }
}
