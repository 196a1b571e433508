package dev.consort.core.api;

import dev.consort.spi.backend.ChatStream;
import java.util.List;
import java.util.Optional;

/**
 * A streamed answer from the orchestrator: normalized chunks, possibly a {@code Restarted} chunk when a
 * partial answer was abandoned for another backend, and the attempts made so far.
 */
public interface AnswerStream extends ChatStream {

    /** The attempts made so far. */
    List<Attempt> attempts();

    /** The backend answering now (or last), if one started. */
    Optional<String> backend();

    /** The whole answer, once the stream has ended with its {@code Done} chunk. */
    Optional<Answer> answer();
}
