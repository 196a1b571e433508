package dev.consort.spi.tool;

/**
 * What a tool does to the world, which decides when it needs approval.
 *
 * @since 1.0
 */
public enum ToolEffect {
    /** Only reads (files, search). Inside the sandbox it never asks. */
    READ,
    /** Changes files. */
    WRITE,
    /** Runs programs. */
    EXECUTE
}
