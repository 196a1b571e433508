package dev.consort.core.api;

import java.util.List;
import java.util.stream.Collectors;

/** Every candidate backend failed, or none could be used; the message lists each attempt or reason. */
public final class AllBackendsFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Attempt> attempts;

    public AllBackendsFailedException(String summary, List<Attempt> attempts) {
        super(summary + (attempts.isEmpty() ? "" : ": " + attempts.stream().map(Attempt::toString)
                .collect(Collectors.joining("; "))));
        this.attempts = List.copyOf(attempts);
    }

    /** Every attempt made. */
    public List<Attempt> attempts() {
        return attempts;
    }
}
