package org.smtpra.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The Java peer of the comparison: SubEtha SMTP with a handler that reads each message to
 * its end and forgets it, on 127.0.0.1 and the port given as the only argument. It prints
 * one ready line and runs until it is killed.
 */
public final class SubethaServer {

    private SubethaServer() {
    }

    /** @param args the port */
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = Integer.parseInt(args[0]);
        SMTPServer server = SMTPServer.port(port)
                .bindAddress(InetAddress.getLoopbackAddress())
                .hostName("localhost")
                .messageHandlerFactory(Discard::new)
                .build();
        server.start();
        System.out.println("SubEtha SMTP ready on 127.0.0.1:" + port);
        new CountDownLatch(1).await();
    }

    /** Accepts every sender and recipient, and reads the data to its end. */
    private static final class Discard implements MessageHandler {

        Discard(MessageContext context) {
        }

        @Override
        public void from(String from) {
        }

        @Override
        public void recipient(String recipient) {
        }

        @Override
        public String data(InputStream data) throws IOException {
            data.transferTo(OutputStream.nullOutputStream());
            return null;
        }

        @Override
        public void done() {
        }
    }
}
