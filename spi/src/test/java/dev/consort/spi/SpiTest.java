package dev.consort.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpiTest {

    @Test
    void acceptsEveryMinorVersionOfTheSameMajor() {
        assertTrue(Spi.isCompatible("1.0"));
        assertTrue(Spi.isCompatible("1.7"));
        assertTrue(Spi.isCompatible(" 1.12 "));
    }

    @Test
    void refusesAnotherMajorVersion() {
        assertFalse(Spi.isCompatible("2.0"));
        assertFalse(Spi.isCompatible("0.9"));
    }

    @Test
    void parsesTheMajorPart() {
        assertEquals(1, Spi.parseMajor("1.0"));
        assertEquals(12, Spi.parseMajor("12.3"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"1", "x.y", "", "1.", ".1", "1.0.0", "v1.0", "1.x"})
    void refusesAVersionThatIsNotMajorDotMinor(String version) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Spi.parseMajor(version));
        assertTrue(e.getMessage().contains("major.minor"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Spi.isCompatible(version));
    }

    @Test
    void majorAndMinorMatchTheVersionString() {
        assertEquals(Spi.VERSION, Spi.MAJOR + "." + Spi.MINOR);
        assertEquals(Spi.MAJOR, Spi.parseMajor(Spi.VERSION));
    }

    @Test
    void versionEqualsTheMavenPropertyWrittenIntoPluginManifests() throws IOException {
        Properties p = new Properties();
        try (InputStream in = SpiTest.class.getResourceAsStream("/spi-version.properties")) {
            assertNotNull(in, "spi-version.properties is missing from the test class path");
            p.load(in);
        }
        String fromPom = p.getProperty("version");
        assertFalse(fromPom.contains("${"), "the test resource was not filtered: " + fromPom);
        assertEquals(fromPom, Spi.VERSION, "Spi.VERSION must equal the pom's consort.spi.version");
    }
}
