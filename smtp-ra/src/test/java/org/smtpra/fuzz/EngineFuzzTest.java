package org.smtpra.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.smtpra.api.Path;
import org.smtpra.protocol.FuzzAccess;
import org.smtpra.protocol.SessionConfig;
import org.smtpra.protocol.TlsMode;

/**
 * Coverage-guided fuzzing (Jazzer) of the protocol engine and its parsers. In a normal build
 * these replay the inputs kept under {@code src/test/resources} as regression tests; with
 * {@code JAZZER_FUZZ=1} Jazzer mutates inputs for the time each test allows, and keeps any
 * that fails. The properties: nothing throws but the parsers' own syntax errors; every
 * reply is a well-formed reply line; the session keeps answering.
 */
class EngineFuzzTest {

    /** Held, so that the level set on it is not lost when the logger is collected. */
    private static final Logger ENGINE_LOG = Logger.getLogger("org.smtpra");

    /** The engine logs every refusal; at fuzzing speed that is all the time would go to. */
    @BeforeAll
    static void quietLogs() {
        ENGINE_LOG.setLevel(Level.WARNING);
    }

    /** The tests that run after these in the same JVM read the engine's INFO lines. */
    @AfterAll
    static void restoreLogs() {
        ENGINE_LOG.setLevel(null);
    }

    private static final Pattern REPLY_LINE = Pattern.compile("[2-5][0-9]{2}[ -][\\x20-\\x7e]*");

    /** A session with TLS and AUTH offered, fed bytes in pieces the fuzzer chooses. */
    @FuzzTest(maxDuration = "15s")
    void sessionAnswersEveryInputWithCatalogReplies(FuzzedDataProvider data) {
        SessionConfig config = SessionConfig.builder().serverName("mx.example.com")
                .localDomains(Set.of("example.com")).tlsMode(TlsMode.STARTTLS)
                .authMechanisms(Set.of("PLAIN", "LOGIN")).allowPlaintextAuth(true)
                .maxMessageSize(4096).spoolThreshold(512).build();
        FuzzAccess.Session session = FuzzAccess.session(config, "alice", "secret");
        session.start();
        session.send("EHLO fuzz.example.org\r\n".getBytes(StandardCharsets.US_ASCII));
        while (data.remainingBytes() > 0 && !session.isClosed()) {
            session.send(data.consumeBytes(1 + data.consumeInt(0, 600)));
        }
        if (!session.isClosed()) {
            session.send("\r\n.\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        String output = session.output();
        for (String line : output.split("\r\n", -1)) {
            assertTrue(line.isEmpty() || REPLY_LINE.matcher(line).matches(), line);
        }
        assertTrue(output.isEmpty() || output.endsWith("\r\n"), "a reply without its CRLF");
    }

    /** The path grammar: a path either parses or is a syntax error, and parses back. */
    @FuzzTest(maxDuration = "10s")
    void pathsParseOrAreRefused(FuzzedDataProvider data) {
        boolean utf8 = data.consumeBoolean();
        String text = data.consumeRemainingAsString();
        Path path = FuzzAccess.parsePath(text, utf8);
        if (path != null && !path.isNull()) {
            String again = path.domain().isEmpty() ? path.localPart() : path.address();
            assertEquals(path, FuzzAccess.parsePath(again, true), text);
        }
    }

    /** MAIL and RCPT arguments with their parameters: refused only as syntax errors. */
    @FuzzTest(maxDuration = "10s")
    void mailArgumentsParseOrAreRefused(FuzzedDataProvider data) {
        boolean extended = data.consumeBoolean();
        boolean auth = data.consumeBoolean();
        FuzzAccess.checkMailArgument(data.consumeRemainingAsString(), extended, auth);
    }

    /** SASL responses of any shape end the exchange cleanly. */
    @FuzzTest(maxDuration = "5s")
    void saslResponsesNeverThrow(FuzzedDataProvider data) {
        String mechanism = data.consumeBoolean() ? "PLAIN" : "LOGIN";
        String first = data.consumeBoolean()
                ? Base64.getEncoder().encodeToString(data.consumeBytes(64))
                : data.consumeString(64);
        FuzzAccess.sasl(mechanism, first, data.consumeRemainingAsString());
    }
}
