package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.glassfish.embeddable.CommandResult;
import org.glassfish.embeddable.CommandRunner;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The application under test and the checks that it really runs. */
final class Deployments {

    /** The application name, fixed by the EAR's file name. */
    static final String APPLICATION = "smtp-ear";

    private Deployments() {
    }

    /** The EAR the build made, not one assembled for the test: what ships is what runs. */
    static EnterpriseArchive ear() {
        File ear = new File(System.getProperty("smtpra.ear"));
        assertTrue(ear.isFile(), () -> ear + " is missing; run the build through package");
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear);
    }

    /** The SMTP port the sample listens on, reserved free by the build. */
    static int smtpPort() {
        return Integer.getInteger("smtp.port");
    }

    /** The sample's submission port, with STARTTLS. */
    static int submissionPort() {
        return Integer.getInteger("smtp.submission.port");
    }

    /** The sample's submission port with implicit TLS. */
    static int submissionsPort() {
        return Integer.getInteger("smtp.submissions.port");
    }

    /**
     * Asserts that the server lists the application as enabled. A failed deployment in
     * embedded Payara is only logged, so without this a test would talk to nothing and fail
     * with a misleading connection error.
     */
    static void assertDeployed() throws NamingException {
        CommandResult result = commandRunner().run("show-component-status", APPLICATION);
        assertEquals(CommandResult.ExitStatus.SUCCESS, result.getExitStatus(),
                () -> APPLICATION + " is not deployed: " + result.getOutput());
        assertTrue(result.getOutput().contains("Status of " + APPLICATION + " is enabled"),
                result::getOutput);
    }

    /** The container adapter binds the server's command runner in JNDI for tests. */
    static CommandRunner commandRunner() throws NamingException {
        return (CommandRunner) new InitialContext()
                .lookup("org.glassfish.embeddable.CommandRunner");
    }
}
