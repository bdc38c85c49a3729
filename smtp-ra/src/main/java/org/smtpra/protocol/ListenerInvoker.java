package org.smtpra.protocol;

import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.smtpra.api.Decision;
import org.smtpra.api.SessionInfo;
import org.smtpra.api.SmtpListener;

/**
 * How the engine reaches the listener that decides. The adapter implements it by delivering
 * the call to a message-driven bean on a container thread; tests apply it to a plain object.
 *
 * <p>The engine never blocks on a decision: it stops reading input until the returned stage
 * completes, then goes on with the next pipelined command.
 */
@FunctionalInterface
public interface ListenerInvoker {

    /**
     * Applies {@code call} to a listener, possibly on another thread.
     *
     * @param stage the stage the call belongs to, for logs and metrics
     * @param session the session as it stands; when it is authenticated, the call runs as
     *                {@link SessionInfo#user()}
     * @param call the question, for example {@code l -> l.onRecipient(envelope, path)}
     * @return the decision, or a stage completed exceptionally when the listener failed or
     *         could not be reached; the engine answers a failure with a 4yz reply
     */
    CompletionStage<Decision> invoke(Stage stage, SessionInfo session,
            Function<SmtpListener, Decision> call);

    /**
     * Gives back what this invoker keeps between calls, when its listener closes or new
     * sessions move to another invoker. Calls made later still work: sessions that started
     * before may go on with this invoker.
     */
    default void close() {
    }
}
