package dev.culprit.sim;

import dev.culprit.bisect.History;
import dev.culprit.vcs.CommitGraph;
import dev.culprit.vcs.ReleaseTags;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The engine's view of a simulated history: the same answers {@code GitHistory} gives for a real one. */
public final class SimHistory implements History {
    private final SimDag dag;

    public SimHistory(SimDag dag) {
        this.dag = dag;
    }

    @Override
    public CommitGraph range(String newEnd, List<String> oldEnds) {
        BitSet in = dag.ancestorsOrSelf(index(newEnd));
        for (String old : oldEnds) {
            in.andNot(dag.ancestorsOrSelf(index(old)));
        }
        // Same order as git's default for our dates: graph order (newest first).
        List<String> hashes = new ArrayList<>(in.cardinality());
        List<List<String>> parents = new ArrayList<>(in.cardinality());
        CommitGraph g = dag.graph();
        for (int c = in.nextSetBit(0); c >= 0; c = in.nextSetBit(c + 1)) {
            hashes.add(g.hash(c));
            parents.add(g.parentHashes(c));
        }
        return CommitGraph.of(hashes, parents);
    }

    @Override
    public List<Release> releasesBefore(String commit) {
        int c = index(commit);
        BitSet anc = dag.ancestorsOrSelf(c);
        Map<String, String> byName = new HashMap<>();
        for (Map.Entry<Integer, List<String>> e : dag.tags().entrySet()) {
            if (e.getKey() != c && anc.get(e.getKey())) {
                for (String name : e.getValue()) {
                    byName.put(name, dag.hash(e.getKey()));
                }
            }
        }
        List<Release> out = new ArrayList<>();
        for (String name : ReleaseTags.thin(ReleaseTags.newestFirst(byName.keySet()))) {
            out.add(new Release(name, byName.get(name)));
        }
        return out;
    }

    @Override
    public boolean isRelease(String hash) {
        return dag.tagsAt(index(hash)).stream().anyMatch(ReleaseTags::isRelease);
    }

    @Override
    public CommitSummary summary(String hash) {
        int c = index(hash);
        return new CommitSummary(hash, dag.subject(c), author(c), email(c), date(c));
    }

    @Override
    public String describe(String hash) {
        int c = index(hash);
        StringBuilder sb = new StringBuilder();
        sb.append("commit ").append(hash).append('\n');
        List<String> ps = dag.graph().parentHashes(c);
        if (ps.size() > 1) {
            sb.append("Merge: ");
            for (String p : ps) {
                sb.append(p, 0, 12).append(' ');
            }
            sb.setLength(sb.length() - 1);
            sb.append('\n');
        }
        sb.append("Author: ").append(author(c)).append(" <").append(email(c)).append(">\n");
        sb.append("Date:   ").append(date(c)).append("\n\n");
        sb.append("    ").append(dag.subject(c)).append("\n\n");
        sb.append("    (simulated commit)\n");
        return sb.toString();
    }

    @Override
    public List<String> parents(String hash) {
        return dag.graph().parentHashes(index(hash));
    }

    private int index(String hash) {
        int c = dag.graph().indexOf(hash);
        if (c < 0) {
            throw new IllegalArgumentException("not a commit of the simulated history: " + hash);
        }
        return c;
    }

    private static final String[] AUTHORS = {"Ada Lovelace", "Linus Torvalds", "Mark Rutland", "Peter Zijlstra",
            "Thomas Gleixner", "Greg Kroah-Hartman", "Jens Axboe", "Eric Dumazet", "Dmitry Vyukov", "Jan Kara"};

    private static String author(int c) {
        return AUTHORS[Math.floorMod(c * 31 + 7, AUTHORS.length)];
    }

    private static String email(int c) {
        return author(c).toLowerCase(Locale.ROOT).replace(' ', '.') + "@example.org";
    }

    private String date(int c) {
        // One commit every ten minutes from an arbitrary epoch: dates grow with creation order, as git expects.
        long seconds = 1_600_000_000L + 600L * dag.order(c);
        return java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                java.time.Instant.ofEpochSecond(seconds).atOffset(java.time.ZoneOffset.UTC));
    }
}
