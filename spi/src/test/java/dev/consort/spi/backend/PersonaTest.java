package dev.consort.spi.backend;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PersonaTest {

    @Test
    void addsASystemMessageOnlyWithANonBlankPrompt() {
        assertFalse(Persona.NONE.hasPrompt());
        assertFalse(new Persona("Plans", "  \n").hasPrompt());
        assertTrue(new Persona("Plans", "You plan work.").hasPrompt());
    }

    @Test
    void refusesNullParts() {
        assertThrows(NullPointerException.class, () -> new Persona(null, ""));
        assertThrows(NullPointerException.class, () -> new Persona("", null));
    }
}
