package dev.consort.spi;

/**
 * Facts about this SPI.
 *
 * <p>A plugin jar declares the SPI version it was built against in its manifest attribute
 * {@value #MANIFEST_ATTRIBUTE} (for example {@code Consort-Spi-Version: 1.0}). The loader refuses a
 * plugin whose declared major version differs from {@link #MAJOR}; any minor version of the same
 * major loads, because minor versions only add (new default methods, new types).
 *
 * @since 1.0
 */
public final class Spi {

    /** The SPI version, {@code major.minor}. */
    public static final String VERSION = "1.1";

    /** The major part of {@link #VERSION}. */
    public static final int MAJOR = 1;

    /** The minor part of {@link #VERSION}. */
    public static final int MINOR = 1;

    /** The jar manifest attribute in which a plugin declares the SPI version it was built against. */
    public static final String MANIFEST_ATTRIBUTE = "Consort-Spi-Version";

    private Spi() {
    }

    /**
     * Tells whether a plugin declaring {@code declared} can run on this SPI.
     *
     * @param declared a {@code major.minor} version string; not null
     * @return true when its major equals {@link #MAJOR}
     * @throws IllegalArgumentException when {@code declared} is not of the form {@code major.minor}
     */
    public static boolean isCompatible(String declared) {
        return parseMajor(declared) == MAJOR;
    }

    /**
     * Reads the major part of a {@code major.minor} version.
     *
     * @param version the version; not null
     * @return its major number
     * @throws IllegalArgumentException when the text is not {@code major.minor} with numbers
     */
    public static int parseMajor(String version) {
        if (version == null || !version.trim().matches("\\d+\\.\\d+")) {
            throw new IllegalArgumentException("SPI version must be major.minor, got '" + version + "'");
        }
        String v = version.trim();
        return Integer.parseInt(v.substring(0, v.indexOf('.')));
    }
}
