package dev.culprit.vcs;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseTagsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "none", value = {
            // tag,        major, minor, patch  (none = not a release tag)
            "v5.12,        5,     12,    -1",
            "v5.11.3,      5,     11,    3",
            "v4.9,         4,     9,     -1",
            "v3.0,         3,     0,     -1",
            "v10.100.1000, 10,    100,   1000",
            "v6.1-rc3,     none,  none,  none",
            "v5.12-rc1,    none,  none,  none",
            "v5,           none,  none,  none",
            "5.12,         none,  none,  none",
            "V5.12,        none,  none,  none",
            "v5.12.1.2,    none,  none,  none",
            "v5.12-next,   none,  none,  none",
            "release-1.0,  none,  none,  none",
            "v5.x,         none,  none,  none",
    })
    void parse(String tag, Integer major, Integer minor, Integer patch) {
        if (major == null) {
            assertThat(ReleaseTags.parse(tag)).isEmpty();
        } else {
            assertThat(ReleaseTags.parse(tag)).contains(new ReleaseTags.Version(tag, major, minor, patch));
        }
    }

    @Test
    void newestFirstIsNumericAndDropsNonReleases() {
        assertThat(ReleaseTags.newestFirst(List.of("v5.9", "v5.10", "v4.19", "v5.10-rc7", "v5.10.3", "v5.1",
                "foo", "v5.10.12", "v6.0", "v5.2")))
                .containsExactly("v6.0", "v5.10.12", "v5.10.3", "v5.10", "v5.9", "v5.2", "v5.1", "v4.19");
    }

    static Stream<Arguments> releaseIndexTable() {
        // number of releases -> indexes kept (0 = newest)
        return Stream.of(
                Arguments.of(0, List.of()),
                Arguments.of(1, List.of(0)),
                Arguments.of(2, List.of(0, 1)),
                Arguments.of(3, List.of(0, 1, 2)),
                Arguments.of(4, List.of(0, 1, 2, 3)),
                Arguments.of(5, List.of(0, 1, 2, 4)),
                Arguments.of(6, List.of(0, 1, 2, 4, 5)),
                Arguments.of(11, List.of(0, 1, 2, 4, 6, 8, 10)),
                Arguments.of(12, List.of(0, 1, 2, 4, 6, 8, 10, 11)),
                Arguments.of(13, List.of(0, 1, 2, 4, 6, 8, 10, 12)),
                Arguments.of(20, List.of(0, 1, 2, 4, 6, 8, 10, 12, 15, 18, 19)),
                Arguments.of(22, List.of(0, 1, 2, 4, 6, 8, 10, 12, 15, 18, 21)),
                Arguments.of(30, List.of(0, 1, 2, 4, 6, 8, 10, 12, 15, 18, 21, 24, 27, 29)));
    }

    @ParameterizedTest(name = "{0} releases")
    @MethodSource("releaseIndexTable")
    void thinKeepsTheSyzkallerIndexes(int count, List<Integer> kept) {
        List<String> releases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            releases.add("v5." + (40 - i)); // newest first
        }
        List<String> expected = kept.stream().map(releases::get).toList();
        assertThat(ReleaseTags.thin(releases)).containsExactlyElementsOf(expected);
    }

    @Test
    void thinOfARealRangeOfKernelReleases() {
        List<String> tags = ReleaseTags.newestFirst(List.of("v5.12", "v5.11", "v5.10", "v5.9", "v5.8", "v5.7",
                "v5.6", "v5.5", "v5.4", "v5.3", "v5.2", "v5.1", "v5.0", "v4.20", "v4.19", "v4.18", "v4.17",
                "v5.12-rc8", "v5.11-rc1", "next-20210101"));
        assertThat(ReleaseTags.thin(tags)).containsExactly("v5.12", "v5.11", "v5.10", "v5.8", "v5.6", "v5.4",
                "v5.2", "v5.0", "v4.18", "v4.17");
    }

    static Stream<Arguments> subReleaseTable() {
        return Stream.of(
                // sub-releases newer than the newest release: the 2 newest, and the middle one when > 5
                Arguments.of(List.of("v5.10.3", "v5.10.2", "v5.10.1", "v5.10", "v5.9"),
                        List.of("v5.10.3", "v5.10.2", "v5.10", "v5.9")),
                Arguments.of(List.of("v5.10.7", "v5.10.6", "v5.10.5", "v5.10.4", "v5.10.3", "v5.10.2", "v5.10.1",
                                "v5.10", "v5.9"),
                        List.of("v5.10.7", "v5.10.6", "v5.10.4", "v5.10", "v5.9")),
                // sub-releases older than the newest release are not tested
                Arguments.of(List.of("v5.11", "v5.10.3", "v5.10", "v5.9.1", "v5.9"),
                        List.of("v5.11", "v5.10", "v5.9")),
                // only sub-releases
                Arguments.of(List.of("v5.10.2", "v5.10.1"), List.of("v5.10.2", "v5.10.1")));
    }

    @ParameterizedTest
    @MethodSource("subReleaseTable")
    void thinOfStableSubReleases(List<String> newestFirst, List<String> expected) {
        assertThat(ReleaseTags.thin(ReleaseTags.newestFirst(newestFirst))).containsExactlyElementsOf(expected);
    }

    @Test
    void keepReleaseRuleWrittenOut() {
        List<Integer> kept = IntStream.range(0, 40).filter(i -> ReleaseTags.keepRelease(i, 1000)).boxed().toList();
        assertThat(kept).containsExactly(0, 1, 2, 4, 6, 8, 10, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39);
    }
}
