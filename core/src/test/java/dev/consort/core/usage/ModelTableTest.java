package dev.consort.core.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.config.LocatedConfig;
import dev.consort.core.config.YamlTreeReader;
import dev.consort.spi.config.ConfigException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Prices: the backend's configured entry, else the model's, else the shipped table. */
class ModelTableTest {

    private static ModelTable table(String yaml) {
        LocatedConfig root = new LocatedConfig("", YamlTreeReader.read(new StringReader(yaml), "consort.yaml"),
                Path.of("/home/test"));
        return ModelTable.of(root.sectionOrEmpty("pricing"));
    }

    private static Price price(String in, String out) {
        return new Price(new BigDecimal(in), new BigDecimal(out), null, null);
    }

    @Test
    void theShippedTableKnowsCommonModels() {
        Price p = table("{}").price("fast", "gpt-4.1-mini").orElseThrow();
        assertEquals(0, new BigDecimal("0.4").compareTo(p.input()));
        assertEquals(0, new BigDecimal("1.6").compareTo(p.output()));
        assertEquals(0, new BigDecimal("0.1").compareTo(p.cachedInput()));
    }

    @Test
    void aProviderPrefixedModelNameFindsTheShippedEntry() {
        assertEquals(table("{}").price("x", "gpt-4.1-mini"), table("{}").price("x", "openai/gpt-4.1-mini"));
    }

    @Test
    void aModelNameEntryBeatsTheShippedTable() {
        ModelTable t = table("pricing:\n  gpt-4.1-mini: {input: \"1\", output: \"2\"}\n");
        assertEquals(Optional.of(price("1", "2")), t.price("fast", "gpt-4.1-mini"));
    }

    @Test
    void aBackendNameEntryBeatsTheModelNameEntry() {
        ModelTable t = table("""
                pricing:
                  gpt-4.1-mini: {input: "1", output: "2"}
                  fast: {input: "9", output: "9", cached_input: "0.5"}
                """);
        assertEquals(Optional.of(new Price(new BigDecimal("9"), new BigDecimal("9"), new BigDecimal("0.5"), null)),
                t.price("fast", "gpt-4.1-mini"));
        assertEquals(Optional.of(price("1", "2")), t.price("slow", "gpt-4.1-mini"));
    }

    @Test
    void anUnknownModelHasNoPrice() {
        assertEquals(Optional.empty(), table("{}").price("local", "my-finetune-q4"));
    }

    @Test
    void knowsTheContextWindowOfAShippedModel() {
        assertEquals(OptionalInt.of(1047576), ModelTable.contextWindow("gpt-4.1-mini"));
        assertEquals(OptionalInt.empty(), ModelTable.contextWindow("my-finetune-q4"));
    }

    @Test
    void aPriceThatIsNotANumberIsAConfigurationErrorAtItsLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> table("pricing:\n  fast:\n    input: cheap\n    output: \"1\"\n"));
        assertTrue(e.getMessage().startsWith("consort.yaml:3:"), e.getMessage());
        assertTrue(e.getMessage().contains("pricing.fast.input must be dollars per million tokens"), e.getMessage());
    }

    @Test
    void anUnknownPriceKeyIsAConfigurationError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> table("pricing:\n  fast: {input: \"1\", output: \"1\", outptu: \"2\"}\n"));
        assertTrue(e.getMessage().contains("outptu"), e.getMessage());
    }
}
