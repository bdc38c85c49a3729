package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Undeploying the application ends its listener for good: open sessions are told 421, the
 * port is closed, and no I/O thread is left running. The test deploys and undeploys by
 * itself, and runs in the same JVM as the server, so it can look at the threads.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UndeployIT {

    private static final String DEPLOYMENT = "undeployable";

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    @Test
    @Provokes("SERVICE_NOT_AVAILABLE")
    void closesSessionsAndPortAndThreads() throws Exception {
        deployer.deploy(DEPLOYMENT);
        Deployments.assertDeployed();
        try (SmtpClient client = SmtpClient.connect(Deployments.smtpPort())) {
            client.expectCode(220);

            deployer.undeploy(DEPLOYMENT);

            client.expect("421 4.3.2 " + Deployments.hostName() + " Service not available");
            assertTrue(client.isClosedByServer(), "still open after the 421");
        }
        assertThrows(ConnectException.class, () -> SmtpClient.connect(Deployments.smtpPort()));
        assertNoNettyThreads();
    }

    /**
     * Netty's own global executor thread outlives its last task by about a second, so give
     * the threads a moment before naming the ones still running Netty code.
     */
    private static void assertNoNettyThreads() throws InterruptedException {
        Map<String, String> running = Map.of();
        for (int attempt = 0; attempt < 50; attempt++) {
            running = nettyThreads();
            if (running.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        assertEquals(Map.of(), running, "threads still running Netty code");
    }

    private static Map<String, String> nettyThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(entry -> runsNetty(entry.getValue()))
                .collect(Collectors.toMap(entry -> entry.getKey().getName(),
                        entry -> entry.getValue()[0].toString(), (a, b) -> a));
    }

    private static boolean runsNetty(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("io.netty.")) {
                return true;
            }
        }
        return false;
    }
}
