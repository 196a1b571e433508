package dev.consort.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The version, from a resource the build fills in. */
final class Version implements CommandLine.IVersionProvider {

    static String number() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }

    static String line() {
        return "consort " + number() + " (SPI " + dev.consort.spi.Spi.VERSION + ", Java "
                + Runtime.version().feature() + ")";
    }

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }
}
