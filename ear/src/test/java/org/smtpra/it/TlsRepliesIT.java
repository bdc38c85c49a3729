package org.smtpra.it;

import org.junit.jupiter.api.Test;

/**
 * STARTTLS that cannot start: a key store that cannot be read (BrokenKeyBean), and a listener
 * whose only handshake is taken (HandshakeBean, maxTlsHandshakes 1). Both are temporary, and
 * the session goes on in clear.
 */
class TlsRepliesIT extends SituationListeners {

    @Test
    @Provokes("TLS_INITIALIZATION_FAILED")
    void answers452WhenTheKeyCannotBeLoaded() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.port("brokenkey"))) {
            client.command("STARTTLS",
                    "452 4.7.0 Temporary internal failure - failed to initialize TLS");
            client.command("NOOP", "250 2.0.0 Ok");
        }
    }

    /** The first client is told to start TLS and never does: its handshake stays open. */
    @Test
    @Provokes("TLS_NOT_AVAILABLE")
    void answers454WhileAnotherHandshakeIsUnderWay() throws Exception {
        int port = Deployments.port("handshake");
        try (SmtpClient stalled = SmtpClient.introduced(port);
                SmtpClient client = SmtpClient.introduced(port)) {
            stalled.command("STARTTLS", "220 2.0.0 Ready to start TLS");
            client.command("STARTTLS", "454 4.7.0 TLS not available due to temporary reason");
            client.command("NOOP", "250 2.0.0 Ok");
        }
    }
}
