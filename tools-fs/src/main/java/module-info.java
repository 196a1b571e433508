/** File tools: read_file, write_file, list_dir, search, apply_patch. Exports nothing. */
module dev.consort.tools.fs {
    requires dev.consort.spi;
    requires com.fasterxml.jackson.databind;
    requires io.github.javadiffutils;

    provides dev.consort.spi.tool.ToolProvider with dev.consort.tools.fs.FsToolProvider;
}
