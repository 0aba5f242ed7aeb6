package dev.culprit.store;

import dev.culprit.common.InfraException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract on a real SQLite file, plus what only a file has. */
class SqliteStoreTest extends StoreContractTest {
    @TempDir
    Path tmp;

    private Path file() {
        return tmp.resolve("work").resolve("culprit.db");
    }

    @Override
    Store openFresh(int upTo) {
        try {
            Files.deleteIfExists(file());
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        return SqliteStore.open(file(), Clock.systemUTC(), upTo);
    }

    @Override
    Store reopen() {
        return SqliteStore.open(file());
    }

    @Test
    void usesWalAndPassesTheIntegrityCheck() {
        long bis = store.createBisection("h", "{}", "s").id();
        store.recordBuild(build(bis, KEY, true));
        assertThat(((SqliteStore) store).integrityCheck()).containsExactly("ok");
        assertThat(Files.exists(Path.of(file() + "-wal"))).isTrue();
    }

    @Test
    void aFileThatIsNotADatabaseIsAOneLineError() throws IOException {
        Path junk = tmp.resolve("junk.db");
        Files.writeString(junk, "this is not a database, just some text that is long enough to be a header..");
        assertThatThrownBy(() -> SqliteStore.open(junk))
                .isInstanceOf(InfraException.class)
                .hasMessageContaining(junk.toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aNewerSchemaIsRefused() {
        store.close();
        store = openFresh(Schema.latest());
        ((SqliteStore) store).tx("fake a newer culprit", c -> {
            try (var s = c.createStatement()) {
                s.execute("UPDATE schema_version SET version = 999");
            }
            return null;
        });
        assertThatThrownBy(this::reopen).isInstanceOf(InfraException.class)
                .hasMessageContaining("schema version 999");
    }

    @Test
    void stores() {
        Store viaDefault = Stores.open(null, tmp.resolve("w2"));
        try (viaDefault) {
            assertThat(viaDefault.location()).isEqualTo(tmp.resolve("w2").resolve(Stores.DEFAULT_FILE).toString());
        }
        Store viaPrefix = Stores.open("sqlite:" + tmp.resolve("x.db"), tmp);
        try (viaPrefix) {
            assertThat(viaPrefix.location()).isEqualTo(tmp.resolve("x.db").toString());
        }
    }
}
