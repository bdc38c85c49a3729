package org.smtpra.api;

import java.util.List;
import java.util.Map;

/**
 * The envelope of the mail transaction in progress (RFC 5321 2.3.1): the reverse-path from
 * MAIL, the forward-paths accepted so far from RCPT, and the MAIL parameters. An immutable
 * snapshot; the session's own envelope goes on changing after the listener returns.
 *
 * @param session the session the transaction belongs to
 * @param reversePath the reverse-path, {@link Path#NULL} for {@code MAIL FROM:<>}
 * @param forwardPaths the recipients accepted so far, in the order they were given
 * @param parameters the MAIL parameters by upper-case keyword ({@code SIZE}, {@code BODY},
 *                   {@code SMTPUTF8}); a keyword without a value maps to ""
 */
public record Envelope(SessionInfo session, Path reversePath, List<Path> forwardPaths,
        Map<String, String> parameters) {

    public Envelope {
        forwardPaths = List.copyOf(forwardPaths);
        parameters = Map.copyOf(parameters);
    }
}
