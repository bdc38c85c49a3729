package org.smtpra.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The base of the tests that talk to the test beans (smtp-it-beans) rather than the sample:
 * their application is deployed for each subclass, and checked to run before each test.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class SituationListeners {

    @Deployment(testable = false)
    static EnterpriseArchive situations() {
        return Deployments.situations();
    }

    @BeforeEach
    void situationsDeployed() throws Exception {
        Deployments.assertDeployed(Deployments.SITUATIONS);
    }
}
