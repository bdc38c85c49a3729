package org.smtpra.adapter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Logger;
import org.smtpra.api.Reply;
import org.smtpra.protocol.SessionConfig;

/**
 * What keeps a listener from taking mail although it can listen: no local domain, a spool
 * folder it cannot use, a list or reply text it cannot read, no name of its own. Such a
 * listener still opens, answers every client with the 421 reply of its first fault, and
 * closes (RFC 5321 3.8); each fault is logged SEVERE with the setting to fix. A mistake is
 * then seen by clients, which keep their mail and retry, and by the administrator, rather
 * than failing the deployment, which Payara only logs.
 */
final class ConfigurationFaults {

    private static final Logger LOG = Logger.getLogger(ConfigurationFaults.class.getName());

    /** One fault: the reply clients get, the setting to fix, and what is wrong with it. */
    private record Fault(Reply reply, String setting, String problem) {
    }

    private final List<Fault> faults = new ArrayList<>();

    /**
     * Records a fault.
     *
     * @param reply one of the 421 "Service not available" entries
     * @param setting the name of the setting that would fix it
     * @param problem what is wrong, as a sentence without its full stop
     */
    void add(Reply reply, String setting, String problem) {
        faults.add(new Fault(reply, setting, problem));
    }

    /** The reply for every client: the fault with the lowest catalog id, or null for none. */
    Reply reply() {
        return faults.stream().map(Fault::reply).min(Comparator.comparingInt(Reply::id))
                .orElse(null);
    }

    /** Logs each fault SEVERE, with the line every client of the listener now gets. */
    void log(String listener, SessionConfig config) {
        if (faults.isEmpty()) {
            return;
        }
        String line = config.replies().line(config.unavailable(), false, null, null);
        for (Fault fault : faults) {
            LOG.severe(() -> "SMTP listener " + listener + " cannot take mail: "
                    + fault.problem() + "; fix the setting " + fault.setting()
                    + ". Until then it answers every client \"" + line + "\" and closes");
        }
    }
}
