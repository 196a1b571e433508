/** File tools: read_file, write_file, list_dir, search. Exports nothing. */
module dev.consort.tools.fs {
    requires dev.consort.spi;
    requires com.fasterxml.jackson.databind;

    provides dev.consort.spi.tool.ToolProvider with dev.consort.tools.fs.FsToolProvider;
}
