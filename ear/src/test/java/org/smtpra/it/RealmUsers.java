package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.naming.NamingException;
import org.glassfish.embeddable.CommandResult;

/** Users of the embedded server's file realm, made as an administrator makes them. */
final class RealmUsers {

    private RealmUsers() {
    }

    /** Creates the user, or gives an existing one this password. */
    static void create(String name, String password) throws IOException, NamingException {
        delete(name);
        // asadmin takes passwords from a file only; the embedded runner refuses one inline.
        Path file = Files.createTempFile("realm-user", ".txt");
        try {
            Files.writeString(file, "AS_ADMIN_USERPASSWORD=" + password + "\n",
                    StandardCharsets.UTF_8);
            CommandResult result = Deployments.commandRunner().run("create-file-user",
                    "--authrealmname", "file", "--groups", "smtp-users",
                    "--passwordfile", file.toString(), name);
            assertEquals(CommandResult.ExitStatus.SUCCESS, result.getExitStatus(),
                    result::getOutput);
        } finally {
            Files.delete(file);
        }
    }

    /** Deletes the user if there is one. */
    static void delete(String name) throws NamingException {
        Deployments.commandRunner().run("delete-file-user", "--authrealmname", "file", name);
    }
}
