/** The {@code consort} command line. Uses only Consort's embedding API. */
module dev.consort.cli {
    requires dev.consort.core;
    requires dev.consort.gateway;
    requires info.picocli;
    requires org.jline.reader;
    requires org.jline.terminal;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    opens dev.consort.cli to info.picocli;
}
