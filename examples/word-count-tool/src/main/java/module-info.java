/**
 * Example plugin: the tool {@code word_count}. Needs only the SPI and exports nothing.
 */
module org.example.wordcount {
    requires dev.consort.spi;

    provides dev.consort.spi.tool.ToolProvider with org.example.wordcount.WordCountToolProvider;
}
