package dev.culprit.server;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Runs a bisect job: the cli package's {@code culprit bisect} session, given the job's spec as its options and
 * the server's journal as its {@code --db}. An interface so that the server package needs nothing of the cli.
 */
@FunctionalInterface
public interface BisectJobRunner {
    /**
     * Runs the job to its end and returns its result JSON.
     *
     * @param journalUrl the {@code --db} to use: the server's journal, fenced by the job's lease
     * @param work       the worker's work directory
     * @param out        where the log goes on the worker's side
     */
    String run(ClaimedJob job, String journalUrl, Path work, PrintWriter out) throws Exception;
}
