package org.smtpra.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import org.smtpra.api.SessionInfo;

/** Placeholder until the engine lands: greets, answers 502 to everything. */
public final class SmtpSession {
    private final SessionInfo info;
    private final SessionChannel channel;

    public SmtpSession(SessionConfig config, SessionInfo info, ListenerInvoker invoker,
            SessionChannel channel, Executor executor) {
        this.info = info;
        this.channel = channel;
    }

    public String id() {
        return info.sessionId();
    }

    public void start() {
        channel.write("220 localhost Service ready\r\n".getBytes(StandardCharsets.US_ASCII));
        channel.flush();
    }

    public void receive(ByteBuffer input) {
        while (input.hasRemaining()) {
            if (input.get() == '\n') {
                channel.write("502 5.5.1 Command not implemented\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    public void shutdown() {
        channel.write("421 localhost Service not available\r\n".getBytes(StandardCharsets.US_ASCII));
        channel.close();
    }

    public void disconnected() {
    }
}
