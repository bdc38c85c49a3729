package org.smtpra.protocol;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.smtpra.api.Envelope;
import org.smtpra.api.SessionInfo;

/**
 * The Received trace field this server puts in front of every message, as RFC 5321 4.4
 * requires of an SMTP server that accepts a message ("MUST insert trace information").
 *
 * <p>Its form is the Time-stamp-line of RFC 5321 4.4: the client's HELO name with its
 * address literal, this server's name, the protocol (SMTP, ESMTP, or ESMTPS per RFC 3848 and
 * UTF8SMTP per RFC 6531), an id made of the session id and the transaction number, the
 * recipient when there is exactly one (so a message to several people does not reveal
 * them to each other), and the date. No reverse DNS lookup is made: it would cost a round
 * trip per message for a name the client could fake anyway.
 */
final class TraceField {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private TraceField() {
    }

    /** The field with its CRLF, folded so that no line passes 78 characters needlessly. */
    static byte[] received(Envelope envelope, String serverName, int transaction,
            ZonedDateTime now) {
        SessionInfo session = envelope.session();
        StringBuilder field = new StringBuilder(200);
        field.append("Received: from ").append(session.heloName())
                .append(" (").append(addressLiteral(session.client().getAddress())).append(')')
                .append("\r\n\tby ").append(serverName)
                .append(" with ").append(protocol(envelope))
                .append(" id ").append(session.sessionId()).append('.').append(transaction);
        if (envelope.forwardPaths().size() == 1) {
            field.append("\r\n\tfor ").append(envelope.forwardPaths().get(0));
        }
        field.append(";\r\n\t").append(DATE.format(now)).append("\r\n");
        return field.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The with-protocol keyword of RFC 3848 and RFC 6531 section 3.7.3. */
    static String protocol(Envelope envelope) {
        SessionInfo session = envelope.session();
        if (MailParameters.utf8(envelope.parameters())) {
            return "UTF8SMTP" + (session.secure() ? "S" : "") + (session.user() != null ? "A" : "");
        }
        if (!session.extended()) {
            return "SMTP";
        }
        return "ESMTP" + (session.secure() ? "S" : "") + (session.user() != null ? "A" : "");
    }

    private static String addressLiteral(InetAddress address) {
        if (address instanceof Inet6Address) {
            return "[IPv6:" + address.getHostAddress().replaceFirst("%.*$", "") + "]";
        }
        return "[" + address.getHostAddress() + "]";
    }
}
