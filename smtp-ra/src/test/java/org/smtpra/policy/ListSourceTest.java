package org.smtpra.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lists from a setting and a file, and the file read again when it changes. */
class ListSourceTest {

    @TempDir
    Path folder;

    private static org.smtpra.api.Path path(String address) {
        int at = address.indexOf('@');
        return new org.smtpra.api.Path(address.substring(0, at), address.substring(at + 1));
    }

    @Test
    void matchesMailboxesDomainsSubdomainsAndTheNullPath() {
        AddressList list = AddressList.of(java.util.List.of("Spam@Example.org", "@bad.example",
                "worse.example", ".sub.example", "<>"));
        assertTrue(list.matches(path("spam@example.ORG")));
        assertFalse(list.matches(path("ham@example.org")));
        assertTrue(list.matches(path("anyone@BAD.example")));
        assertTrue(list.matches(path("x@worse.example")));
        assertTrue(list.matches(path("x@a.sub.example")));
        assertFalse(list.matches(path("x@sub.example")));
        assertTrue(list.matches(org.smtpra.api.Path.NULL));
        assertFalse(AddressList.empty().matches(org.smtpra.api.Path.NULL));
    }

    @Test
    void joinsTheSettingAndTheFileAndRereadsTheFileWhenItChanges() throws IOException {
        Path file = folder.resolve("senders.txt");
        Files.writeString(file, "# spammers\nspam@example.org  # since May\n\n");
        AtomicLong clock = new AtomicLong();
        ListSource<AddressList> source = ListSource.load("deniedSenders", "a@x.org, b@x.org",
                file, AddressList::of, clock::get);
        assertTrue(source.current().matches(path("a@x.org")));
        assertTrue(source.current().matches(path("spam@example.org")));
        assertFalse(source.current().matches(path("new@example.org")));

        Files.writeString(file, "new@example.org\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertFalse(source.current().matches(path("new@example.org")), "checked too soon");
        clock.addAndGet(ListSource.CHECK_INTERVAL_NANOS);
        assertTrue(source.current().matches(path("new@example.org")));
        assertFalse(source.current().matches(path("spam@example.org")));
        assertTrue(source.current().matches(path("a@x.org")));
    }

    @Test
    void keepsTheLastListWhenTheFileGoesAway() throws IOException {
        Path file = folder.resolve("clients.txt");
        Files.writeString(file, "192.0.2.0/24\n");
        AtomicLong clock = new AtomicLong();
        ListSource<org.smtpra.protocol.NetworkList> source = ListSource.load("deniedClients",
                "", file, org.smtpra.protocol.NetworkList::of, clock::get);
        Files.delete(file);
        clock.addAndGet(ListSource.CHECK_INTERVAL_NANOS);
        assertTrue(source.current().contains(java.net.InetAddress.getByName("192.0.2.9")));
    }

    @Test
    void refusesAMissingFileAtStart() {
        assertThrows(NoSuchFileException.class, () -> ListSource.load("deniedSenders", "",
                folder.resolve("missing.txt"), AddressList::of));
    }

    @Test
    void knowsFullyQualifiedNames() {
        assertTrue(Policy.isFullyQualified("mail.example.com"));
        assertFalse(Policy.isFullyQualified("localhost"));
        assertFalse(Policy.isFullyQualified("192.0.2.1"));
        assertFalse(Policy.isFullyQualified("my_pc.example.com"));
        assertFalse(Policy.isFullyQualified("-a.example.com"));
    }
}
