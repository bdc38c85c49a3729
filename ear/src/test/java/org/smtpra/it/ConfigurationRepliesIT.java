package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What an administrator's settings do on the wire: a configuration that cannot work still
 * opens its port and greets every client with the 421 that names the fault, and reply texts
 * of the administrator's replace the catalog's.
 */
class ConfigurationRepliesIT extends SituationListeners {

    @Test
    @Provokes("SERVICE_NOT_AVAILABLE_NO_HOSTED_DOMAIN")
    void greetsWith421WithoutLocalDomains() throws Exception {
        assertRefused("nodomain", "no valid hosted domain");
    }

    @Test
    @Provokes("SERVICE_NOT_AVAILABLE_NO_SPOOL_FOLDER")
    void greetsWith421WhenTheSpoolFolderCannotBeCreated() throws Exception {
        assertRefused("nospool", "Unable to chdir");
    }

    @Test
    @Provokes("SERVICE_NOT_AVAILABLE_NO_CONFIGURATION")
    void greetsWith421WhenAListFileIsMissing() throws Exception {
        assertRefused("nolist", "Unable to read system configuration");
    }

    /** The file replaces HELP and INVALID_USER, the setting INVALID_USER again and CLOSING. */
    @Test
    void answersWithTheAdministratorsReplyTexts() throws Exception {
        try (SmtpClient client = SmtpClient.introduced(Deployments.port("texts"))) {
            client.command("HELP", "214 2.0.0 Help is at https://mail.example.com/help");
            client.command("MAIL FROM:<alice@example.org>", "250 2.0.0 Ok");
            client.command("RCPT TO:<nobody@example.com>",
                    "550 5.1.1 Unknown user nobody@example.com");
            client.command("QUIT", "221 2.0.0 Bye");
        }
    }

    private static void assertRefused(String listener, String reason) throws Exception {
        try (SmtpClient client = SmtpClient.connect(Deployments.port(listener))) {
            client.expect("421 mx.example.com Service not available - " + reason);
            assertTrue(client.isClosedByServer(), "still open after 421");
        }
    }
}
