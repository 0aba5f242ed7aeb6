package dev.culprit.run;

import dev.culprit.build.BuildResult;

/**
 * Runs the test once against a successful build. May be called from several threads at once (one per
 * parallel run); {@code index} is the run's number within the commit, starting at 0.
 */
public interface Runner {

    /**
     * One run. Problems of the test machinery are an {@link RunOutcome.InfraError}, not an exception; a test
     * command that cannot be executed at all throws {@link dev.culprit.common.BadInputException}.
     */
    RunOutcome run(BuildResult build, int index);
}
