package dev.consort.core.api;

/** When tools must ask before they run. */
public enum ToolMode {
    /** Every WRITE or EXECUTE tool asks. */
    MANUAL,
    /** Tools on {@code tools.allow} run without asking; the others ask. */
    TRUST
}
