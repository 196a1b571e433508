/** Process tools: run_command, run_tests. Exports nothing. */
module dev.consort.tools.shell {
    requires dev.consort.spi;
    requires com.fasterxml.jackson.databind;
    requires java.xml;

    provides dev.consort.spi.tool.ToolProvider with dev.consort.tools.shell.ShellToolProvider;
}
