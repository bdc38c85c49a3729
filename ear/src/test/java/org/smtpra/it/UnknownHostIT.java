package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A host whose own name has no address. The test runs in a JVM of its own, the unknown-host
 * execution of ear/pom.xml, whose name service is a hosts file that knows localhost only. The
 * sample's listener has no serverName, so it has no name for its greeting; it still listens,
 * and tells every client why it takes no mail.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UnknownHostIT {

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    @Test
    @Provokes("SERVICE_NOT_AVAILABLE_NO_ADDRESSES")
    void greetsWith421WhenTheHostsOwnNameHasNoAddress() throws Exception {
        assumeFalse(hostNameResolves(), "the host's name resolves: it is localhost, or this "
                + "JVM was started without its hosts file");
        Deployments.assertDeployed();
        try (SmtpClient client = SmtpClient.connect(Deployments.smtpPort())) {
            client.expect("421 localhost Service not available - Unable to figure out my IP "
                    + "addresses");
            assertTrue(client.isClosedByServer(), "still open after 421");
        }
    }

    private static boolean hostNameResolves() {
        try {
            InetAddress.getLocalHost();
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
