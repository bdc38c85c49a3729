package org.smtpra.payara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The EAR layout (smtp-ra.rar inside smtp-ear.ear) on the real Payara Server, to pin down
 * what Payara does there when an adapter setting changes: it stops the adapter and cannot
 * start it again, so the listeners stay closed until the application is redeployed. The
 * production layout is the standalone one ({@link StandaloneLayoutIT}).
 */
@ExtendWith(RealServer.class)
class EarLayoutIT {

    private static final String ADAPTER = "smtp-ear#smtp-ra";
    private static final Duration STOPPED = Duration.ofSeconds(60);

    private static PayaraServer server;
    private static Sample sample;
    private static Path ear;

    @BeforeAll
    static void deployEar(PayaraServer realServer, Sample ports) throws Exception {
        server = realServer;
        sample = ports;
        ear = Path.of(RealServer.required("smtpra.ear"));
        Timings.time("deploy smtp-ear.ear", () -> server.asadmin("deploy", "--name",
                "smtp-ear", ear.toString()));
        sample.awaitListening();
    }

    @AfterAll
    static void undeployEar() throws Exception {
        if (server == null) {
            return;
        }
        Timings.time("undeploy the EAR layout", () -> {
            server.asadmin("undeploy", "smtp-ear");
            server.asadmin("delete-resource-adapter-config", ADAPTER);
        });
    }

    @Test
    void aChangedSettingStopsAnAdapterInsideAnEarUntilTheApplicationIsRedeployed()
            throws Exception {
        long logStart = server.logSize();
        Timings.time("EAR: create-resource-adapter-config, until the listeners close", () -> {
            server.asadmin("create-resource-adapter-config", "--property",
                    "maxMessageSize=2000000", ADAPTER);
            sample.awaitClosed();
        });
        String log = server.logFrom(logStart);
        assertTrue(log.contains("which it cannot do for an adapter inside an EAR"),
                "the adapter tells the administrator what happened:\n" + log);
        assertTrue(log.contains("Unable to load class [ org.smtpra.adapter.SmtpActivationSpec"),
                "Payara's own reason:\n" + log);

        Timings.time("EAR: redeploy, until the listeners are back", () -> {
            server.asadmin("redeploy", "--name", "smtp-ear", ear.toString());
            sample.awaitListening();
        });
        Wait.until("SIZE 2000000 in the EHLO reply", STOPPED,
                () -> SmtpProbe.advertisedSize(sample.mailbox) == 2_000_000L);
        assertEquals(2_000_000L, SmtpProbe.advertisedSize(sample.submission));
    }
}
