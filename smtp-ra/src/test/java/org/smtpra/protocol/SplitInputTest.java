package org.smtpra.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same session split at every byte gives the same replies and the same message: no
 * rule of the engine may depend on how TCP happens to cut the stream.
 */
class SplitInputTest {

    private static final String SESSION = "EHLO client.example.org\r\n"
            + "MAIL FROM:<a@x.org> SIZE=200 BODY=8BITMIME\r\n"
            + "RCPT TO:<b@example.com>\r\n"
            + "RCPT TO:<nobody@example.com>\r\n"
            + "DATA\r\n"
            + ".leading dot\r\n..\r\nline\r\n\r\n.\r\n"
            + "MAIL FROM:<a@x.org>\r\nRCPT TO:<c@example.com>\r\nDATA\r\n"
            + "bad\n.\r\nstill data\r\n.\r\n"
            + "X".repeat(3000) + "\r\n"
            + "NOOP\r\n"
            + "QUIT\r\n";

    private record Outcome(String replies, List<String> messages) {
    }

    private static Outcome run(List<byte[]> pieces) {
        TestSession client = new TestSession(TestSession.config().build(),
                new SmtpSessionTest.Mailboxes());
        StringBuilder replies = new StringBuilder(client.start());
        for (byte[] piece : pieces) {
            replies.append(client.send(piece));
        }
        List<String> messages = new ArrayList<>();
        for (TestSession.Delivered delivered : client.delivered()) {
            String content = delivered.content();
            messages.add(content.substring(content.indexOf(";\r\n\t")).replaceFirst(
                    "^;\r\n\t[^\r]*\r\n", ""));
        }
        return new Outcome(replies.toString(), messages);
    }

    @Test
    void repliesAndMessagesDoNotDependOnWhereInputIsSplit() {
        byte[] all = SESSION.getBytes(StandardCharsets.US_ASCII);
        Outcome whole = run(List.of(all));
        assertEquals(List.of("leading dot\r\n.\r\nline\r\n\r\n"), whole.messages());
        for (int cut = 1; cut < all.length; cut++) {
            byte[] head = java.util.Arrays.copyOfRange(all, 0, cut);
            byte[] tail = java.util.Arrays.copyOfRange(all, cut, all.length);
            assertEquals(whole, run(List.of(head, tail)), "split at " + cut);
        }
    }

    @Test
    void byteByByteInputGivesTheSameOutcome() {
        byte[] all = SESSION.getBytes(StandardCharsets.US_ASCII);
        List<byte[]> bytes = new ArrayList<>();
        for (byte b : all) {
            bytes.add(new byte[] {b});
        }
        assertEquals(run(List.of(all)), run(bytes));
    }
}
