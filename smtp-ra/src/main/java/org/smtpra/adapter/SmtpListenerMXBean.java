package org.smtpra.adapter;

import java.util.Map;

/**
 * What one SMTP listener has done since it opened, as the server's JMX tools show it:
 * jconsole, VisualVM, or any JMX client of the server's platform MBean server. Each listener
 * is registered as {@code org.smtpra:type=SmtpListener,name=<listener>} while it is open,
 * the listener being the bean's class name. Counters start at zero when the listener opens
 * and only grow; gauges say what is true now.
 */
public interface SmtpListenerMXBean {

    /** @return the listener's name, the bean's class name */
    String getName();

    /** @return sessions open now (gauge) */
    long getSessionsOpen();

    /** @return sessions begun since the listener opened */
    long getSessionsTotal();

    /** @return messages the listener took: the client got its 250 after DATA */
    long getMessagesAccepted();

    /** @return messages refused at the end of DATA, by a rule, the bean or a failure */
    long getMessagesRejected();

    /** @return octets of the accepted messages, the adapter's Received field included */
    long getMessageOctetsAccepted();

    /** @return replies sent, keyed by "catalog id NAME", such as "2175016 INVALID_USER" */
    Map<String, Long> getRepliesSent();

    /**
     * @return negative replies (4yz and 5yz) keyed by the stage they answered: a command
     *         verb, "end of DATA", "CONNECT", "unknown command", "waiting for a command"...
     */
    Map<String, Long> getRejectionsByStage();

    /** @return TLS handshakes that succeeded, STARTTLS and implicit */
    long getTlsHandshakes();

    /** @return TLS handshakes that failed */
    long getTlsHandshakeFailures();

    /** @return AUTH exchanges whose credentials the server's realm accepted */
    long getAuthSuccesses();

    /** @return AUTH exchanges whose credentials the server's realm refused */
    long getAuthFailures();

    /** @return bean decisions asked for, failures and timeouts included */
    long getDecisions();

    /** @return decisions asked for, keyed by stage: CONNECT, HELO, AUTH, MAIL, RCPT, DATA */
    Map<String, Long> getDecisionsByStage();

    /** @return the time all decisions took, in milliseconds */
    double getDecisionTimeTotalMillis();

    /** @return the longest a decision took, in milliseconds */
    double getDecisionTimeMaxMillis();

    /**
     * @return the upper bounds of the buckets of {@link #getDecisionTimeHistogram()}, in
     *         milliseconds; the last bucket, beyond the last bound, has no bound
     */
    long[] getDecisionTimeBucketBoundsMillis();

    /**
     * @return how many decisions fell in each bucket: element i counts the decisions that
     *         took more than bound i-1 and at most bound i; the last one the rest
     */
    long[] getDecisionTimeHistogram();

    /** @return spool files that messages in progress occupy now, for the whole adapter */
    long getSpoolFilesInUse();

    /** @return octets in those spool files now, for the whole adapter */
    long getSpoolOctetsInUse();
}
