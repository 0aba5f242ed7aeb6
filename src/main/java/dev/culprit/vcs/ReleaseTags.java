package dev.culprit.vcs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kernel-style release tags and the subset of them a cause bisection tests first (the "release walk").
 * Pure logic: the tags come from {@link Git#tagsMerged}.
 *
 * <p>A release tag is {@code vX.Y} (a release) or {@code vX.Y.Z} (a stable sub-release). Everything else is
 * skipped: {@code -rc} tags ({@code v6.1-rc3}), tags with other suffixes, and tags that are not versions.
 * Versions compare numerically, part by part ({@code v5.10 > v5.9}, {@code v5.10.3 > v5.10}).
 *
 * <p>{@link #thin} follows syzkaller's cause bisection ({@code pickReleaseTags} in {@code pkg/bisect}), which
 * takes the tags newest first and:
 * <ol>
 *   <li>splits them into the sub-releases ({@code vX.Y.Z}) listed before the newest release ({@code vX.Y}),
 *       and the releases; sub-releases older than the newest release are dropped;</li>
 *   <li>keeps the 2 newest of those sub-releases, plus the one at index {@code n/2} when there are more than 5
 *       ({@code n} = their number);</li>
 *   <li>keeps release number {@code i} (0 = newest) when {@code i < 3}, or {@code 3 <= i < 11} and {@code i} is
 *       even, or {@code i >= 11} and {@code i % 3 == 0}, or it is the oldest: indexes 0, 1, 2, 4, 6, 8, 10,
 *       12, 15, 18, ... and the last.</li>
 * </ol>
 * The result stays newest first: the order to test them in. (Facts taken from syzkaller, Apache-2.0; this
 * code is our own.)
 */
public final class ReleaseTags {
    private static final Pattern TAG = Pattern.compile("v(\\d{1,9})\\.(\\d{1,9})(?:\\.(\\d{1,9}))?");

    private ReleaseTags() {
    }

    /**
     * A parsed release tag.
     *
     * @param patch the third number, or -1 for a release without one ({@code v5.12})
     */
    public record Version(String tag, int major, int minor, int patch) implements Comparable<Version> {
        private static final Comparator<Version> ORDER = Comparator.comparingInt(Version::major)
                .thenComparingInt(Version::minor)
                .thenComparingInt(Version::patch)
                .thenComparing(Version::tag);

        public boolean isSubRelease() {
            return patch >= 0;
        }

        @Override
        public int compareTo(Version other) {
            return ORDER.compare(this, other);
        }
    }

    /** The version a tag names, or empty when it is not a release tag ({@code -rc} and other suffixes too). */
    public static Optional<Version> parse(String tag) {
        Matcher m = TAG.matcher(tag);
        if (!m.matches()) {
            return Optional.empty();
        }
        int patch = m.group(3) == null ? -1 : Integer.parseInt(m.group(3));
        return Optional.of(new Version(tag, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), patch));
    }

    public static boolean isRelease(String tag) {
        return parse(tag).isPresent();
    }

    /** The release tags among {@code tags}, newest version first; other tags are left out. */
    public static List<String> newestFirst(Collection<String> tags) {
        List<Version> versions = new ArrayList<>();
        for (String tag : tags) {
            parse(tag).ifPresent(versions::add);
        }
        versions.sort(Comparator.reverseOrder());
        return versions.stream().map(Version::tag).toList();
    }

    /**
     * The release tags to test, from tags already sorted newest first (see the class comment for the rule).
     * Tags that are not release tags are ignored.
     */
    public static List<String> thin(List<String> newestFirst) {
        List<String> subReleases = new ArrayList<>();
        List<String> releases = new ArrayList<>();
        for (String tag : newestFirst) {
            Optional<Version> v = parse(tag);
            if (v.isEmpty()) {
                continue;
            }
            if (!v.get().isSubRelease()) {
                releases.add(tag);
            } else if (releases.isEmpty()) {
                subReleases.add(tag);
            }
        }
        List<String> picked = new ArrayList<>(subReleases.subList(0, Math.min(2, subReleases.size())));
        if (subReleases.size() > 5) {
            picked.add(subReleases.get(subReleases.size() / 2));
        }
        for (int i = 0; i < releases.size(); i++) {
            if (keepRelease(i, releases.size())) {
                picked.add(releases.get(i));
            }
        }
        return List.copyOf(picked);
    }

    /** Index rule for releases: 0, 1, 2, then every 2nd up to 10, then every 3rd from 12, and the oldest. */
    static boolean keepRelease(int i, int count) {
        if (i == count - 1 || i < 3) {
            return true;
        }
        return i < 11 ? i % 2 == 0 : i % 3 == 0;
    }
}
