package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The smoke test: the EAR deploys and its listener greets a client. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SmtpGreetingIT {

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    @BeforeEach
    void applicationIsDeployed() throws Exception {
        Deployments.assertDeployed();
    }

    @Test
    void greetsWith220() throws Exception {
        try (SmtpClient client = SmtpClient.connect(Deployments.smtpPort())) {
            List<String> greeting = client.expectCode(220);
            assertTrue(greeting.get(0).endsWith("Service ready"), greeting::toString);
        }
    }
}
