package org.smtpra.payara;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The sample's four listeners on free ports, given to it as the system properties its
 * activation properties read (smtp.port, smtp.submission.port, smtp.submissions.port,
 * smtp.discard.port).
 */
final class Sample {

    static final Duration READY = Duration.ofSeconds(60);

    final int mailbox;
    final int submission;
    final int submissions;
    final int discard;

    private Sample(int mailbox, int submission, int submissions, int discard) {
        this.mailbox = mailbox;
        this.submission = submission;
        this.submissions = submissions;
        this.discard = discard;
    }

    /** Picks the ports and sets the system properties in the server. */
    static Sample configure(PayaraServer server, Path maildir) throws IOException {
        Sample sample = new Sample(LoopbackDomain.freePort(), LoopbackDomain.freePort(),
                LoopbackDomain.freePort(), LoopbackDomain.freePort());
        server.asadmin("create-system-properties", "smtp.port=" + sample.mailbox
                + ":smtp.submission.port=" + sample.submission
                + ":smtp.submissions.port=" + sample.submissions
                + ":smtp.discard.port=" + sample.discard
                + ":smtp.maildir=" + maildir.toAbsolutePath());
        return sample;
    }

    /** Waits until every listener accepts connections. */
    void awaitListening() {
        for (int port : new int[] {mailbox, submission, submissions, discard}) {
            Wait.until("an SMTP listener on port " + port, READY,
                    () -> SmtpProbe.listening(port));
        }
    }

    /** Waits until no listener accepts connections any more. */
    void awaitClosed() {
        for (int port : new int[] {mailbox, submission, submissions, discard}) {
            Wait.until("the SMTP listener on port " + port + " to close", READY,
                    () -> !SmtpProbe.listening(port));
        }
    }
}
