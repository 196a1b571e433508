package dev.consort.core.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.consort.core.api.ChatCall;
import dev.consort.spi.backend.Persona;
import dev.consort.spi.chat.ChatRequest;
import dev.consort.spi.chat.Message;
import dev.consort.spi.chat.Role;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which persona a backend plays, and that it reaches the backend as the first system message. */
class PersonaTest {

    @TempDir
    Path tmp;

    @Test
    void injectsTheBackendsPersonaAsTheFirstSystemMessage() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ChatCall call = new ChatCall(ChatRequest.of(List.of(Message.system("Answer in French."), Message.user("hi"))),
                "chat", null, List.of(), null);
        try (Rig rig = Rig.in(tmp).backend(a).build()) {
            rig.orchestrator().chat(call);
            List<Message> sent = a.lastRequest().messages();
            assertEquals(List.of(Message.system("You are a."), Message.system("Answer in French."), Message.user("hi")),
                    sent);
        }
    }

    @Test
    void aPersonaWithoutAPromptAddsNoSystemMessage() {
        ScriptedBackend a = ScriptedBackend.named("a").withPersona(Persona.NONE);
        try (Rig rig = Rig.in(tmp).backend(a).build()) {
            rig.orchestrator().chat(ChatCall.of("chat", "hi"));
            assertEquals(List.of(Message.user("hi")), a.lastRequest().messages());
        }
    }

    @Test
    void setPersonaIsKeptInTheContextStoreAndUsedForTheNextCalls() {
        ScriptedBackend a = ScriptedBackend.named("a");
        Persona pirate = new Persona("pirate", "You are a pirate.");
        try (Rig rig = Rig.in(tmp).backend(a).build()) {
            rig.orchestrator().setPersona("a", pirate);
            assertEquals(Optional.of(pirate), rig.store().personaOverride("a"));
            assertEquals(pirate, rig.orchestrator().persona("a"));
            rig.orchestrator().chat(ChatCall.of("chat", "ahoy"));
            assertEquals(Message.system("You are a pirate."), a.lastRequest().messages().getFirst());
        }
    }

    @Test
    void resetPersonaRestoresTheProvidersDefault() {
        ScriptedBackend a = ScriptedBackend.named("a");
        try (Rig rig = Rig.in(tmp).backend(a).build()) {
            rig.orchestrator().setPersona("a", new Persona("pirate", "You are a pirate."));
            rig.orchestrator().resetPersona("a");
            assertEquals(Optional.empty(), rig.store().personaOverride("a"));
            rig.orchestrator().chat(ChatCall.of("chat", "hi"));
            assertEquals(Message.system("You are a."), a.lastRequest().messages().getFirst());
        }
    }

    @Test
    void aConfiguredPersonaBeatsTheProvidersDefaultAndIsWhatResetRestores() {
        String yaml = """
                backends:
                  planner: {type: scripted}
                personas:
                  planner:
                    description: careful planner
                    system_prompt: You plan in numbered steps.
                """;
        ScriptedBackend planner = ScriptedBackend.named("planner");
        try (Rig rig = Rig.in(tmp).yaml(yaml).configured(planner).build()) {
            assertEquals(new Persona("careful planner", "You plan in numbered steps."),
                    rig.orchestrator().persona("planner"));
            rig.orchestrator().setPersona("planner", new Persona("terse", "Be terse."));
            rig.orchestrator().chat(ChatCall.of("plan", "ship it"));
            assertEquals(Message.system("Be terse."), planner.lastRequest().messages().getFirst());

            rig.orchestrator().resetPersona("planner");
            rig.orchestrator().chat(ChatCall.of("plan", "ship it"));
            assertEquals(Message.system("You plan in numbered steps."), planner.lastRequest().messages().getFirst());
        }
    }

    @Test
    void settingThePersonaOfAnUnknownBackendNamesTheConfiguredOnes() {
        try (Rig rig = Rig.in(tmp).backend(ScriptedBackend.named("a")).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> rig.orchestrator().setPersona("nope", new Persona("x", "y")));
            assertEquals("no backend named 'nope' (configured: a)", e.getMessage());
        }
    }

    @Test
    void theFallbackBackendGetsItsOwnPersonaNotTheFirstOnes() {
        ScriptedBackend a = ScriptedBackend.named("a");
        ScriptedBackend b = ScriptedBackend.named("b");
        a.otherwise(new ScriptedBackend.Fail(a.authFailure()));
        try (Rig rig = Rig.in(tmp).backend(a, b).build()) {
            rig.orchestrator().chat(ChatCall.of("chat", "hi"));
            List<Message> sent = b.lastRequest().messages();
            assertEquals(Message.system("You are b."), sent.getFirst());
            assertEquals(1, sent.stream().filter(m -> m.role() == Role.SYSTEM).count());
            assertTrue(a.lastRequest().messages().getFirst().content().equals("You are a."));
        }
    }
}
