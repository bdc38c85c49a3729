package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.InetAddress;
import java.net.UnknownHostException;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.glassfish.embeddable.CommandResult;
import org.glassfish.embeddable.CommandRunner;
import org.jboss.shrinkwrap.api.Filters;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;

/** The application under test and the checks that it really runs. */
final class Deployments {

    /** The application name, fixed by the EAR's file name. */
    static final String APPLICATION = "smtp-ear";

    /** The application of the test beans, one listener per situation (smtp-it-beans). */
    static final String SITUATIONS = "smtp-situations";

    /** The application of the sample with the test beans that extend it. */
    static final String SAMPLE_AND_STORE_BEANS = "smtp-store";

    /** The application of the bean that reads large messages, alone with the adapter. */
    static final String LARGE_MESSAGES = "smtp-large";

    /** The test beans that extend the sample's MailboxBean (package store of smtp-it-beans). */
    private static final String STORE_BEANS = "/org/smtpra/it/beans/store/.*";

    private Deployments() {
    }

    /** The EAR the build made, not one assembled for the test: what ships is what runs. */
    static EnterpriseArchive ear() {
        File ear = new File(System.getProperty("smtpra.ear"));
        assertTrue(ear.isFile(), () -> ear + " is missing; run the build through package");
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear);
    }

    /**
     * The adapter as built, with the test beans in place of the sample: one listener per
     * situation of the catalog that the sample does not show, each set up by its activation
     * properties (see smtp-it-beans).
     */
    static EnterpriseArchive situations() {
        JavaArchive ejb = ShrinkWrap.create(JavaArchive.class, "smtp-it-beans.jar")
                .merge(testBeans(), Filters.exclude(STORE_BEANS));
        return ShrinkWrap.create(EnterpriseArchive.class, SITUATIONS + ".ear")
                .addAsModule(adapter())
                .addAsModule(ejb);
    }

    /**
     * The adapter and the sample as built, with the test beans that extend the sample's
     * MailboxBean added to the sample's module: there they share its persistence unit. Each
     * listens on a port of its own beside the sample's listeners.
     */
    static EnterpriseArchive sampleWithStoreBeans() {
        JavaArchive sample = ear().getAsType(JavaArchive.class, "smtp-ejb-sample.jar");
        JavaArchive ejb = ShrinkWrap.create(JavaArchive.class, "smtp-ejb-sample.jar")
                .merge(sample)
                .merge(testBeans(), Filters.include(STORE_BEANS));
        return ShrinkWrap.create(EnterpriseArchive.class, SAMPLE_AND_STORE_BEANS + ".ear")
                .addAsModule(adapter())
                .addAsModule(ejb);
    }

    /**
     * The adapter as built with LargeMessageBean alone: its test needs none of the other
     * listeners, whose faulty settings the server would log.
     */
    static EnterpriseArchive largeMessages() {
        JavaArchive ejb = ShrinkWrap.create(JavaArchive.class, "smtp-it-beans.jar")
                .merge(testBeans(), Filters.include("/org/smtpra/it/beans/LargeMessageBean.*"));
        return ShrinkWrap.create(EnterpriseArchive.class, LARGE_MESSAGES + ".ear")
                .addAsModule(adapter())
                .addAsModule(ejb);
    }

    private static ResourceAdapterArchive adapter() {
        return ear().getAsType(ResourceAdapterArchive.class, "smtp-ra.rar");
    }

    private static JavaArchive testBeans() {
        File beans = new File(System.getProperty("smtpra.itbeans"));
        assertTrue(beans.isFile(), () -> beans + " is missing; run the build through package");
        return ShrinkWrap.create(ZipImporter.class, "smtp-it-beans.jar")
                .importFrom(beans).as(JavaArchive.class);
    }

    /** The port of a test bean's listener, such as "policy" for PolicyBean. */
    static int port(String listener) {
        return Integer.getInteger("it.port." + listener);
    }

    /**
     * The name a listener without a serverName gives itself: the host's canonical name,
     * which the server looks up in this same JVM.
     */
    static String hostName() throws UnknownHostException {
        return InetAddress.getLocalHost().getCanonicalHostName();
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

    /** The sample's discard service: every message accepted and dropped. */
    static int discardPort() {
        return Integer.getInteger("smtp.discard.port");
    }

    /**
     * Asserts that the server lists the application as enabled. A failed deployment in
     * embedded Payara is only logged, so without this a test would talk to nothing and fail
     * with a misleading connection error.
     */
    static void assertDeployed() throws NamingException {
        assertDeployed(APPLICATION);
    }

    /** The same for another application, such as {@link #SITUATIONS}. */
    static void assertDeployed(String application) throws NamingException {
        CommandResult result = commandRunner().run("show-component-status", application);
        assertEquals(CommandResult.ExitStatus.SUCCESS, result.getExitStatus(),
                () -> application + " is not deployed: " + result.getOutput());
        assertTrue(result.getOutput().contains("Status of " + application + " is enabled"),
                result::getOutput);
    }

    /** The container adapter binds the server's command runner in JNDI for tests. */
    static CommandRunner commandRunner() throws NamingException {
        return (CommandRunner) new InitialContext()
                .lookup("org.glassfish.embeddable.CommandRunner");
    }
}
