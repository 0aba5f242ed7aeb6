package dev.culprit.sim;

import dev.culprit.vcs.CommitGraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates kernel-like histories. Each release cycle opens with a merge window: topic branches of 1 to
 * {@code topicMax} commits (most short, a few long), forked from the previous release or from a late commit
 * of the previous cycle (as subsystem trees are), each merged into the mainline with a merge commit. Then come
 * the release candidates: direct fixes on the mainline and small merges, an {@code -rc} tag roughly weekly,
 * and the release tag. After the last release come {@code tipCommits} more commits, the newest of which is where
 * the crash is first seen. Commit dates follow creation order, so git's default order is the reverse of it.
 */
public final class DagGenerator {
    private static final String[] SUBSYSTEMS = {"net", "drm", "mm", "fs", "locking", "sched", "block", "media",
            "usb", "kvm", "x86", "arm64", "bpf", "sound", "scsi", "ext4", "btrfs", "rcu", "timers", "irq", "input",
            "crypto", "iommu", "pci", "wireless", "mac80211", "tty", "staging", "perf", "xfs"};

    private final List<int[]> parents = new ArrayList<>();   // creation order
    private final List<String> subjects = new ArrayList<>();
    private final Map<String, Integer> tags = new HashMap<>(); // creation index
    private final SplittableRandom rng;
    private int mainTip = -1;

    private DagGenerator(long seed) {
        this.rng = new SplittableRandom(seed);
    }

    /** A history of the given shape; the same shape and seed give the same history. */
    public static SimDag generate(Scenario.Dag shape, long seed) {
        return new DagGenerator(seed).build(shape);
    }

    /** A history of about {@code commits} commits of the given shape (for the DAG benchmark). */
    public static SimDag generateSize(int commits, int commitsPerCycle, long seed) {
        int cycles = Math.max(2, (int) Math.round((double) commits / commitsPerCycle));
        Scenario.Dag shape = new Scenario.Dag(commitsPerCycle, cycles, 50, 0.85, 0.15, 0, null, null);
        return generate(shape, seed);
    }

    private SimDag build(Scenario.Dag shape) {
        int major = 5;
        int minor = 12 - shape.cycles(); // the last release generated is v5.12, as in the reference log
        mainTip = add(new int[0], "Linux " + major + "." + minor);
        tags.put("v" + major + "." + minor, mainTip);
        List<Integer> lateInPrevious = new ArrayList<>(List.of(mainTip));
        for (int cyc = 0; cyc < shape.cycles(); cyc++) {
            minor++;
            lateInPrevious = cycle(shape, major, minor, lateInPrevious);
        }
        for (int i = 0; i < shape.tipCommits(); i++) {
            if (rng.nextDouble() < 0.3) {
                topic(1 + rng.nextInt(4), lateInPrevious.get(lateInPrevious.size() - 1));
            } else {
                direct();
            }
        }
        return finish();
    }

    /** One release cycle; returns the mainline commits of its rc phase (fork points for the next one). */
    private List<Integer> cycle(Scenario.Dag shape, int major, int minor, List<Integer> lateInPrevious) {
        int release = mainTip;
        int quota = shape.commitsPerCycle();
        int windowQuota = (int) Math.round(quota * shape.mergeWindowShare());
        int start = parents.size();
        List<Integer> windowMainline = new ArrayList<>();
        while (parents.size() - start < windowQuota) {
            int room = windowQuota - (parents.size() - start) - 1;
            int len = Math.max(1, Math.min(topicLength(shape.topicMax()), Math.max(1, room)));
            double r = rng.nextDouble();
            int base;
            if (r < 0.6 || windowMainline.isEmpty() && lateInPrevious.size() <= 1) {
                base = release;
            } else if (r < 0.85 || windowMainline.isEmpty()) {
                base = lateInPrevious.get(rng.nextInt(lateInPrevious.size()));
            } else {
                base = windowMainline.get(rng.nextInt(windowMainline.size()));
            }
            topic(len, base);
            windowMainline.add(mainTip);
            if (rng.nextDouble() < 0.05) {
                direct();
                windowMainline.add(mainTip);
            }
        }
        tags.put(String.format(Locale.ROOT, "v%d.%d-rc1", major, minor), mainTip);
        List<Integer> rcMainline = new ArrayList<>();
        int rcQuota = quota - (parents.size() - start);
        int perRc = Math.max(1, rcQuota / 7);
        int rc = 1;
        int sinceTag = 0;
        while (parents.size() - start < quota) {
            int before = parents.size();
            if (rng.nextDouble() < 0.6) {
                direct();
            } else {
                int room = quota - (parents.size() - start) - 1;
                topic(Math.max(1, Math.min(1 + rng.nextInt(5), room)), rng.nextDouble() < 0.5 || rcMainline.isEmpty()
                        ? windowMainline.isEmpty() ? release : windowMainline.get(windowMainline.size() - 1)
                        : rcMainline.get(rng.nextInt(rcMainline.size())));
            }
            rcMainline.add(mainTip);
            sinceTag += parents.size() - before;
            if (sinceTag >= perRc && rc < 8 && parents.size() - start < quota) {
                rc++;
                tags.put(String.format(Locale.ROOT, "v%d.%d-rc%d", major, minor, rc), mainTip);
                sinceTag = 0;
            }
        }
        mainTip = add(new int[] {mainTip}, String.format(Locale.ROOT, "Linux %d.%d", major, minor));
        tags.put(String.format(Locale.ROOT, "v%d.%d", major, minor), mainTip);
        rcMainline.add(mainTip);
        return rcMainline;
    }

    /** Mostly short branches, a few long ones: len = 1 + floor(max * u^3). */
    private int topicLength(int max) {
        double u = rng.nextDouble();
        return 1 + (int) Math.floor((max - 1) * u * u * u + 1e-9);
    }

    private void topic(int len, int base) {
        String sub = SUBSYSTEMS[rng.nextInt(SUBSYSTEMS.length)];
        int prev = base;
        for (int i = 0; i < len; i++) {
            prev = add(new int[] {prev}, sub + ": " + change());
        }
        String what = rng.nextBoolean()
                ? "Merge tag '" + sub + "-next-" + (parents.size() % 97 + 1) + "' of git://git.kernel.org/pub/scm/linux/"
                + "kernel/git/" + sub + "/linux"
                : "Merge branch '" + sub + "-fixes' of git://git.kernel.org/pub/scm/linux/kernel/git/" + sub + "/linux";
        mainTip = add(new int[] {mainTip, prev}, what);
    }

    private void direct() {
        mainTip = add(new int[] {mainTip}, SUBSYSTEMS[rng.nextInt(SUBSYSTEMS.length)] + ": " + change());
    }

    private static final String[] VERBS = {"fix", "add", "remove", "clean up", "rework", "avoid", "use",
            "simplify", "handle", "check"};
    private static final String[] OBJECTS = {"race in", "leak in", "locking in", "error path of", "NULL check in",
            "refcount of", "overflow in", "warning in", "documentation of", "init of"};

    private String change() {
        return VERBS[rng.nextInt(VERBS.length)] + " " + OBJECTS[rng.nextInt(OBJECTS.length)] + " "
                + SUBSYSTEMS[rng.nextInt(SUBSYSTEMS.length)] + "_" + Integer.toHexString(rng.nextInt(0x10000));
    }

    private int add(int[] ps, String subject) {
        parents.add(ps);
        subjects.add(subject);
        return parents.size() - 1;
    }

    private SimDag finish() {
        int n = parents.size();
        String[] hashes = new String[n];
        for (int c = 0; c < n; c++) {
            hashes[c] = String.format(Locale.ROOT, "%016x%016x%08x", rng.nextLong(), rng.nextLong(), rng.nextInt());
        }
        // git's default order for increasing commit dates: newest first; index = n - 1 - creation rank.
        List<String> listed = new ArrayList<>(n);
        List<List<String>> ps = new ArrayList<>(n);
        for (int c = n - 1; c >= 0; c--) {
            listed.add(hashes[c]);
            List<String> p = new ArrayList<>();
            for (int x : parents.get(c)) {
                p.add(hashes[x]);
            }
            ps.add(p);
        }
        CommitGraph graph = CommitGraph.of(listed, ps);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = n - 1 - i;
        }
        Map<String, Integer> byIndex = new HashMap<>();
        tags.forEach((name, c) -> byIndex.put(name, n - 1 - c));
        String[] subj = subjects.toArray(String[]::new);
        return new SimDag(graph, order, byIndex, i -> subj[n - 1 - i]);
    }
}
