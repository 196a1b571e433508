/**
 * Process tools for Consort: {@code run_command} and {@code run_tests}, as the tool family {@code shell}.
 * Exports nothing; found through {@code ServiceLoader}.
 */
module dev.consort.tools.shell {
    requires dev.consort.spi;
    requires com.fasterxml.jackson.databind;
    requires java.xml;

    provides dev.consort.spi.tool.ToolProvider with dev.consort.tools.shell.ShellToolProvider;
}
