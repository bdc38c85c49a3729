package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * More clients at once than the listener may have bean calls under way
 * ({@code maxConcurrentDecisions}, 32): the calls past the limit wait their turn, so every
 * client is served and none is told to come back later.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BeanPoolBurstIT {

    private static final int CLIENTS = 48;
    private static final int MESSAGES_PER_CLIENT = 4;

    private final MaildirFolder maildir = MaildirFolder.ofSample();
    private final SampleDatabase database = SampleDatabase.ofSample();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    @BeforeEach
    void emptyStores() throws Exception {
        Deployments.assertDeployed();
        maildir.clear();
        database.clear();
    }

    @Test
    void servesEveryClientOfABurstLargerThanTheBeanPool() throws Exception {
        List<List<String>> ids = LoadClients.ids("burst", CLIENTS, MESSAGES_PER_CLIENT);
        LoadClients.Result burst = LoadClients.send(Deployments.smtpPort(), ids, 120);

        int sent = CLIENTS * MESSAGES_PER_CLIENT;
        assertEquals(0, burst.refused(), "messages refused");
        assertEquals(sent, burst.acknowledged().size());
        assertEquals(sent, maildir.newMessages().size());
        System.out.printf("[burst] %d clients at once, %d messages: all %d got 250 in %.1f s%n",
                CLIENTS, sent, burst.acknowledged().size(), burst.seconds());
    }
}
