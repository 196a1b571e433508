/**
 * File tools for Consort: {@code read_file}, {@code write_file}, {@code list_dir}, {@code search} and
 * {@code apply_patch}, as the tool family {@code fs}. Exports nothing; found through {@code ServiceLoader}.
 */
module dev.consort.tools.fs {
    requires dev.consort.spi;
    requires com.fasterxml.jackson.databind;
    requires io.github.javadiffutils;

    provides dev.consort.spi.tool.ToolProvider with dev.consort.tools.fs.FsToolProvider;
}
