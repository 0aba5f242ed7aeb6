package dev.culprit.journal;

import dev.culprit.bisect.BisectLog;
import dev.culprit.store.DecisionRecord;
import dev.culprit.store.Store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine's log, passed on to the user's sink and journaled line by line (so that {@code culprit log ID}
 * shows a running bisection), with the engine's decisions ({@code # git bisect good|bad|skip|start ...}) also
 * journaled as decisions.
 */
final class JournalingLog implements BisectLog {
    private static final Pattern DECISION = Pattern.compile("^# git bisect (\\w+)(?: (\\S+))?(?: (.*))?$");

    private final BisectLog sink;
    private final Store store;
    private final long bisectionId;
    private final int attempt;
    private int seq;
    private int decisions;

    JournalingLog(BisectLog sink, Store store, long bisectionId, int attempt) {
        this.sink = sink;
        this.store = store;
        this.bisectionId = bisectionId;
        this.attempt = attempt;
    }

    @Override
    public synchronized void line(String text) {
        store.appendLog(bisectionId, attempt, seq++, text);
        Matcher m = DECISION.matcher(text);
        if (m.matches()) {
            // Decision numbers restart with every attempt: a replay re-makes the same decisions in the same order,
            // and the store keeps the first record at each position.
            store.recordDecision(new DecisionRecord(bisectionId, decisions++, m.group(1),
                    m.group(2) == null ? "" : m.group(2), m.group(3) == null ? "" : m.group(3)));
        }
        sink.line(text);
    }

    @Override
    public void status(String text) {
        sink.status(text);
    }
}
