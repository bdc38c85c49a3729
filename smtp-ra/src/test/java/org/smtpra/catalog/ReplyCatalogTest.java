package org.smtpra.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.smtpra.api.Reply;

/** The catalog resource, its overrides, and how replies are put on the wire. */
class ReplyCatalogTest {

    private final ReplyCatalog catalog = ReplyCatalog.defaults();
    private final ReplyFormatter formatter = catalog.formatter("mx.example.com");

    @Test
    void holdsAllSeventyPublishedEntriesAndTheAdditions() throws IOException {
        try (InputStream in = ReplyCatalog.class.getResourceAsStream("smtp-reply-catalog.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(70, text.lines().filter(l -> !l.isBlank()).count());
        }
        assertEquals(75, Reply.values().length);
        for (Reply reply : Reply.values()) {
            ReplyCatalog.Entry entry = catalog.entry(reply);
            assertNotNull(entry, reply.name());
            assertEquals(reply.replyClass(), entry.code() / 100, reply.name());
        }
    }

    @Test
    void givesEveryNegativeAndPositiveEntryAnEnhancedCodeOfItsClass() {
        for (Reply reply : Reply.values()) {
            if (reply.replyClass() == 3) {
                assertNull(reply.enhancedCode(), reply.name());
            } else {
                String pattern = reply.replyClass() + "\\.\\d{1,3}\\.\\d{1,3}";
                assertTrue(reply.enhancedCode().matches(pattern), reply.name());
            }
        }
    }

    @Test
    void keepsTheCatalogTextsAsPublished() {
        assertEquals("550 5.1.1 invalid user - nobody@example.com",
                formatter.line(Reply.INVALID_USER, true, null, "nobody@example.com"));
        assertEquals("550 5.7.1 Access to Mailbox x@example.com  is denied",
                formatter.line(Reply.MAILBOX_ACCESS_DENIED, true, null, "x@example.com"));
        assertEquals("220 mx.example.com Service ready",
                formatter.line(Reply.SERVICE_READY, false, null, null));
        assertEquals("421 4.7.0 Access is denied from your IP address 192.0.2.1, please try later",
                formatter.line(Reply.CLIENT_DENIED_TEMPORARILY, true, "192.0.2.1", null));
        assertEquals("554 5.7.1 Relay from your addr a@x.org is denied",
                formatter.line(Reply.RELAY_FROM_SENDER_DENIED, true, null, "a@x.org"));
        assertEquals("334 VXNlcm5hbWU6", formatter.line(Reply.USERNAME_CHALLENGE, true, null,
                null));
    }

    @Test
    void sanitizesClientInputInReplies() {
        String line = formatter.line(Reply.INVALID_USER, true, null,
                "evil\r\n250 fake\0<x>" + "a".repeat(1000));
        assertEquals("550 5.1.1 invalid user - evil??250 fake??x?" + "a".repeat(238), line);
    }

    @Test
    void formatsMultilineReplies() {
        byte[] reply = formatter.formatMultiline(Reply.GREETING, "192.0.2.1",
                List.of("PIPELINING", "SIZE 100"));
        assertEquals("250-mx.example.com greets 192.0.2.1\r\n250-PIPELINING\r\n250 SIZE 100\r\n",
                new String(reply, StandardCharsets.US_ASCII));
    }

    @Test
    void takesOverridesOfTextAndOfCodeWithinItsClass() throws IOException {
        ReplyCatalog changed = catalog.withOverrides(new StringReader(
                "# translation\n2175016 550 Utilisateur inconnu: <email_addr>\n"
                        + "2175033\t\t550 No relaying to <relay_address>\n"));
        ReplyFormatter f = changed.formatter("mx");
        assertEquals("550 5.1.1 Utilisateur inconnu: a@b.c",
                f.line(Reply.INVALID_USER, true, null, "a@b.c"));
        assertEquals("550 5.7.1 No relaying to a@b.c", f.line(Reply.RELAY_TO_DENIED, true, null,
                "a@b.c"));
        assertEquals("550 5.1.1 invalid user - a@b.c",
                formatter.line(Reply.INVALID_USER, true, null, "a@b.c"));
    }

    @Test
    void refusesOverridesThatChangeTheClassOrAreMalformed() {
        assertThrows(IllegalArgumentException.class, () -> catalog.withOverrides(
                new StringReader("2175016 250 fine\n")));
        assertThrows(IllegalArgumentException.class, () -> catalog.withOverrides(
                new StringReader("2179999 550 no such entry\n")));
        assertThrows(IllegalArgumentException.class, () -> catalog.withOverrides(
                new StringReader("2175016 550\n")));
        assertThrows(IllegalArgumentException.class, () -> catalog.withOverrides(
                new StringReader("2175016 550 caf\u00e9\n")));
    }
}
