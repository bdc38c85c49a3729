package org.smtpra.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.glassfish.embeddable.CommandResult;
import org.glassfish.embeddable.CommandRunner;

/**
 * The user the runner creates in the server's file realm at each start, so that submission
 * with AUTH can be tried at once. The password is new at every start and the realm lives in
 * the server's temporary instance folder, so neither outlives the run.
 */
final class DemoUser {

    /** The user's name. */
    static final String NAME = "demo";

    /** The realm that checks AUTH: the default realm of the domain. */
    private static final String REALM = "file";

    /** A group, to show that the realm's groups reach the bean's caller. */
    private static final String GROUP = "smtp-users";

    private static final String ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private DemoUser() {
    }

    /**
     * Runs {@code asadmin create-file-user} through the embedded server's command runner.
     *
     * @return the user's password
     * @throws IOException when the command fails, with its output
     */
    static String create(CommandRunner runner) throws IOException {
        String password = newPassword();
        // The command takes passwords only from a file, as asadmin does: the command runner
        // refuses one on the command line.
        Path file = Files.createTempFile("smtp-demo-user", ".txt",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(file, "AS_ADMIN_USERPASSWORD=" + password + "\n",
                    StandardCharsets.UTF_8);
            CommandResult result = runner.run("create-file-user", "--authrealmname", REALM,
                    "--groups", GROUP, "--passwordfile", file.toString(), NAME);
            if (result.getExitStatus() != CommandResult.ExitStatus.SUCCESS) {
                throw new IOException("cannot create the user " + NAME + ": "
                        + result.getOutput(), result.getFailureCause());
            }
            return password;
        } finally {
            Files.delete(file);
        }
    }

    /** 16 letters and digits (95 bits), so that shells and option parsers take it as it is. */
    private static String newPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
