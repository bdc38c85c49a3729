package org.smtpra.protocol;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.smtpra.api.Mail;

/**
 * The strict mode's check of a message's structure (RFC 5322 section 2.2 for the header
 * section, RFC 2045 and RFC 2046 for MIME): every header line a field or a continuation;
 * every Content-Type parseable; every multipart with its boundary and its closing
 * delimiter; every transfer encoding known and, for base64 and quoted-printable, decodable.
 *
 * <p>Jakarta Mail does the MIME parsing. Its leniencies are switched by system properties,
 * which would change every application on the server, so they stay as they are and the
 * check asks instead whether each multipart was complete. Nesting and the number of parts
 * are bounded, so a hostile message cannot make the check itself a burden.
 */
final class MimeConformance {

    private static final Logger LOG = Logger.getLogger(MimeConformance.class.getName());
    private static final Pattern FIELD = Pattern.compile("[\\x21-\\x39\\x3b-\\x7e]+:.*");
    private static final Set<String> ENCODINGS = Set.of("7bit", "8bit", "binary",
            "quoted-printable", "base64");
    private static final int MAX_DEPTH = 32;
    private static final int MAX_PARTS = 1000;
    private static final Session SESSION = Session.getInstance(new Properties());

    private MimeConformance() {
    }

    /** True when the message is well formed; false, with the reason at FINE, otherwise. */
    static boolean conforms(Mail mail) {
        try {
            if (!headerLinesAreFields(mail)) {
                return false;
            }
            MimeMessage message = ((SpooledMail) mail).toMimeMessage(SESSION);
            check(message, 0, new int[1]);
            return true;
        } catch (MessagingException | IOException | RuntimeException e) {
            LOG.fine(() -> "session " + mail.envelope().session().sessionId()
                    + ": message does not conform: " + e);
            return false;
        }
    }

    private static boolean headerLinesAreFields(Mail mail) throws IOException {
        try (InputStream in = mail.openStream();
                BufferedReader lines = new BufferedReader(new InputStreamReader(in,
                        StandardCharsets.ISO_8859_1))) {
            String line;
            boolean first = true;
            while ((line = lines.readLine()) != null && !line.isEmpty()) {
                boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
                if (first && continuation || !continuation && !FIELD.matcher(line).matches()) {
                    return false;
                }
                first = false;
            }
            return true;
        }
    }

    private static void check(Part part, int depth, int[] parts)
            throws MessagingException, IOException {
        if (depth > MAX_DEPTH || ++parts[0] > MAX_PARTS) {
            throw new MessagingException("nested too deep or too many parts");
        }
        ContentType type = new ContentType(part.getContentType());
        checkEncoding(part);
        if (type.match("multipart/*")) {
            if (type.getParameter("boundary") == null) {
                throw new MessagingException("multipart without boundary");
            }
            MimeMultipart multipart = (MimeMultipart) part.getContent();
            int count = multipart.getCount();
            if (!multipart.isComplete()) {
                throw new MessagingException("multipart without its closing delimiter");
            }
            for (int i = 0; i < count; i++) {
                BodyPart child = multipart.getBodyPart(i);
                check(child, depth + 1, parts);
            }
        } else if (type.match("message/rfc822")) {
            check((Part) part.getContent(), depth + 1, parts);
        }
    }

    /**
     * Base64 as RFC 2045 6.8 writes it: the alphabet in groups of four, padding only at the
     * end, lines broken by white space. Decoders skip other characters, which is why they
     * cannot tell a damaged body from a sound one; this check can.
     */
    private static void checkBase64(InputStream body) throws IOException, MessagingException {
        try (InputStream in = body) {
            long quantum = 0;
            int padding = 0;
            int b;
            while ((b = in.read()) >= 0) {
                if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                    continue;
                }
                boolean alphabet = b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z'
                        || b >= '0' && b <= '9' || b == '+' || b == '/';
                if (b == '=') {
                    padding++;
                } else if (!alphabet || padding > 0) {
                    throw new MessagingException("damaged base64");
                }
                quantum++;
            }
            if (quantum % 4 != 0 || padding > 2) {
                throw new MessagingException("base64 not in groups of four");
            }
        }
    }

    /** The body as sent, before its transfer encoding is undone. */
    private static InputStream raw(Part part) throws MessagingException {
        return part instanceof MimeMessage message ? message.getRawInputStream()
                : ((MimeBodyPart) part).getRawInputStream();
    }

    private static void checkEncoding(Part part) throws MessagingException, IOException {
        String[] header = part.getHeader("Content-Transfer-Encoding");
        if (header == null) {
            return;
        }
        String encoding = header[0].strip().toLowerCase(Locale.ROOT);
        if (!ENCODINGS.contains(encoding) && !encoding.startsWith("x-")) {
            throw new MessagingException("unknown transfer encoding " + encoding);
        }
        if (encoding.equals("base64")) {
            checkBase64(raw(part));
        } else if (encoding.equals("quoted-printable")) {
            try (InputStream decoded = MimeUtility.decode(raw(part), encoding)) {
                decoded.transferTo(OutputStream.nullOutputStream());
            }
        }
    }
}
