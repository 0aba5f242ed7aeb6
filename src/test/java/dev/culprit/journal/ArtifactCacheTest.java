package dev.culprit.journal;

import dev.culprit.store.ArtifactEntry;
import dev.culprit.store.SqliteStore;
import dev.culprit.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ArtifactCacheTest {
    @TempDir
    Path tmp;

    private static String sig(int i) {
        return String.format("%064x", i);
    }

    private Path tree(String name, int bytes) throws IOException {
        Path root = tmp.resolve(name);
        Files.createDirectories(root.resolve("out"));
        Files.write(root.resolve("out/prog"), new byte[bytes]);
        return root;
    }

    @Test
    void keepsTheBudgetEvictingTheLeastRecentlyUsed() throws IOException {
        try (Store store = SqliteStore.open(tmp.resolve("db"))) {
            ArtifactCache cache = new ArtifactCache(store, tmp.resolve("cache"), 250);
            List<String> artifacts = List.of("out/prog");
            assertThat(cache.put(sig(1), tree("a", 100), artifacts)).isTrue();
            assertThat(cache.put(sig(2), tree("b", 100), artifacts)).isTrue();
            // Using 1 makes 2 the least recently used: the third entry evicts 2.
            Path into = tmp.resolve("restore");
            assertThat(cache.restore(sig(1), into, artifacts)).isTrue();
            assertThat(Files.size(into.resolve("out/prog"))).isEqualTo(100);
            assertThat(cache.put(sig(3), tree("c", 100), artifacts)).isTrue();
            assertThat(store.artifacts()).extracting(ArtifactEntry::signature).containsExactly(sig(1), sig(3));
            assertThat(Files.exists(tmp.resolve("cache").resolve(sig(2)))).isFalse();
            assertThat(cache.restore(sig(2), into, artifacts)).isFalse();
            assertThat(cache.size()).isEqualTo(200);
            // Larger than the whole budget: not cached, nothing evicted.
            assertThat(cache.put(sig(4), tree("d", 300), artifacts)).isFalse();
            assertThat(cache.size()).isEqualTo(200);
        }
    }

    @Test
    void refusesPathsOutsideTheTreeAndOddSignatures() throws IOException {
        try (Store store = SqliteStore.open(tmp.resolve("db"))) {
            ArtifactCache cache = new ArtifactCache(store, tmp.resolve("cache"), 1000);
            Path root = tree("a", 10);
            assertThat(cache.put(sig(1), root, List.of("../a/out/prog"))).isFalse();
            assertThat(cache.put("../../etc", root, List.of("out/prog"))).isFalse();
            assertThat(cache.put(sig(1), root, List.of())).isFalse();
        }
    }

    @Test
    void anEntryWhoseFilesVanishedIsForgotten() throws IOException {
        try (Store store = SqliteStore.open(tmp.resolve("db"))) {
            ArtifactCache cache = new ArtifactCache(store, tmp.resolve("cache"), 1000);
            cache.put(sig(1), tree("a", 10), List.of("out/prog"));
            Files.delete(tmp.resolve("cache").resolve(sig(1)).resolve("out/prog"));
            assertThat(cache.restore(sig(1), tmp.resolve("r"), List.of("out/prog"))).isFalse();
            assertThat(store.artifacts()).isEmpty();
        }
    }

    @Test
    void sizes() {
        assertThat(ArtifactCache.parseSize("0")).isZero();
        assertThat(ArtifactCache.parseSize("1234")).isEqualTo(1234);
        assertThat(ArtifactCache.parseSize("500M")).isEqualTo(500L << 20);
        assertThat(ArtifactCache.parseSize("20G")).isEqualTo(20L << 30);
        assertThat(ArtifactCache.parseSize("1.5kb")).isEqualTo(1536);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ArtifactCache.parseSize("lots"))
                .isInstanceOf(dev.culprit.common.BadInputException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ArtifactCache.parseSize("-1G"))
                .isInstanceOf(dev.culprit.common.BadInputException.class);
    }
}
