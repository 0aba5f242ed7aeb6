package dev.culprit.bisect;

/** What one run says about the crash being chased. */
public enum RunClass {
    /** The target crash happened. */
    TARGET,
    /** A different crash happened first: it hides whether the target would have. */
    OTHER_CRASH,
    /** The run finished cleanly. */
    OK,
    /** The run could not be done (infrastructure, boot failure): says nothing. */
    INFRA
}
