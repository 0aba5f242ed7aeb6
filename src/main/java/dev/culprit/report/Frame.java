package dev.culprit.report;

/**
 * One stack frame of a report.
 *
 * @param function   the function name ("vfs_mkdir")
 * @param file       source file when printed ("fs/namei.c"), else ""
 * @param inline     the frame was printed as {@code [inline]}
 * @param unreliable the frame was printed with a leading {@code ? }
 */
public record Frame(String function, String file, boolean inline, boolean unreliable) {
}
