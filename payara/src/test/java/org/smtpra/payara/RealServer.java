package org.smtpra.payara;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store.CloseableResource;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real Payara Server for every test class of the run: installed and started before the
 * first class that uses it, stopped when the run ends, with the sample's ports set once (the
 * server caches what its beans read through MicroProfile Config). Classes get the server and
 * the {@link Sample} as parameters of their {@code @BeforeAll}, and leave the server with
 * nothing of theirs deployed.
 */
final class RealServer implements BeforeAllCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(RealServer.class);

    /** The whole run's server, stopped by JUnit when the run ends. */
    private record Running(PayaraServer server, Sample sample) implements CloseableResource {

        @Override
        public void close() throws Throwable {
            Timings.time("stop-domain", server::close);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == PayaraServer.class || type == Sample.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running running = server(context);
        return parameter.getParameter().getType() == Sample.class
                ? running.sample() : running.server();
    }

    private static Running server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, key -> startServer(), Running.class);
    }

    private static Running startServer() {
        try {
            Path zip = Path.of(required("payara.zip"));
            Path folder = Path.of(required("payara.home"));
            PayaraServer server = Timings.time("unpack Payara Server and bind it to loopback",
                    () -> PayaraServer.install(zip, folder));
            Timings.time("start-domain", server::start);
            return new Running(server, Sample.configure(server, folder.resolve("maildir")));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Payara Server: " + e.getMessage(), e);
        }
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set; "
                    + "run the tests through Maven (mvn verify)");
        }
        return value;
    }
}
