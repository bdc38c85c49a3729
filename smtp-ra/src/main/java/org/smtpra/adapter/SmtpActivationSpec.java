package org.smtpra.adapter;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.Activation;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.smtpra.api.SmtpListener;
import org.smtpra.policy.Policy;
import org.smtpra.protocol.NetworkList;
import org.smtpra.protocol.SessionConfig;

/**
 * The settings of one message-driven bean's SMTP listener, given as activation config
 * properties: the port, and optional overrides of every adapter-wide default of
 * {@link SmtpResourceAdapter} (the properties of {@link ListenerProperties}). A property left
 * unset (null) or blank takes the adapter's value. The I/O threads are shared by every
 * listener, so {@code ioThreads} exists only on the adapter.
 */
@Activation(messageListeners = SmtpListener.class)
public class SmtpActivationSpec extends ListenerProperties implements ActivationSpec {

    @ConfigProperty(defaultValue = "2525", description = "The TCP port to listen on.")
    private Integer port = 2525;

    private ResourceAdapter resourceAdapter;

    /**
     * Checks every property that is set and reports all problems at once, so that a
     * deployment fails with one message that lists what to fix. Lists and reply texts are
     * not checked here: a listener whose lists cannot be read still opens and answers 421.
     */
    @Override
    public void validate() throws InvalidPropertyException {
        List<String> problems = new ArrayList<>();
        if (port == null || port < 1 || port > 65535) {
            problems.add("port must be between 1 and 65535, was " + port);
        }
        check(problems, getRelayNetworks(), NetworkList::parse);
        check(problems, getAuthMechanisms(), ListenerSettings::mechanisms);
        checkTlsMode(problems);
        checkLimits(problems);
        if (!problems.isEmpty()) {
            throw new InvalidPropertyException("invalid SMTP activation properties: "
                    + String.join("; ", problems));
        }
    }

    /** The engine's builders know each limit's minimum; ask them rather than repeat them. */
    private void checkLimits(List<String> problems) {
        SessionConfig.Builder builder = SessionConfig.builder();
        check(problems, getMaxMessageSize(), builder::maxMessageSize);
        check(problems, getMaxRecipients(), builder::maxRecipients);
        check(problems, getMaxErrors(), builder::maxErrors);
        check(problems, getMaxTransactions(), builder::maxTransactions);
        check(problems, getMaxCommandLineLength(), builder::maxCommandLineLength);
        check(problems, getMaxTextLineLength(), builder::maxTextLineLength);
        check(problems, getSpoolThreshold(), builder::spoolThreshold);
        check(problems, getMaxAuthFailures(), builder::maxAuthFailures);
        check(problems, getAuthFailureDelay(),
                value -> builder.authFailureDelay(Duration.ofSeconds(value)));
        check(problems, getMaxTlsHandshakes(), builder::maxTlsHandshakes);
        check(problems, getMaxConnections(), builder::maxConnections);
        check(problems, getMaxConnectionsPerClient(), builder::maxConnectionsPerClient);
        check(problems, getMaxConcurrentDecisions(), value -> {
            if (value < 1) {
                throw new IllegalArgumentException("maxConcurrentDecisions must be at least "
                        + "1, was " + value);
            }
        });
        check(problems, getCommandTimeout(), seconds(builder::commandTimeout));
        check(problems, getDataTimeout(), seconds(builder::dataTimeout));
        check(problems, getSessionTimeout(), seconds(builder::sessionTimeout));
        check(problems, getDecisionTimeout(), seconds(builder::decisionTimeout));
        check(problems, getMaxHops(), Policy.builder()::maxHops);
    }

    private static Consumer<Integer> seconds(Function<Duration, ?> setter) {
        return value -> setter.apply(Duration.ofSeconds(value));
    }

    private void checkTlsMode(List<String> problems) {
        try {
            ListenerTls.parseMode(getTlsMode());
        } catch (InvalidPropertyException e) {
            problems.add(e.getMessage());
        }
    }

    private static <T> void check(List<String> problems, T value, Consumer<T> validator) {
        if (value == null) {
            return;
        }
        try {
            validator.accept(value);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter adapter) throws ResourceException {
        this.resourceAdapter = adapter;
    }

    /** @return the TCP port to listen on */
    public Integer getPort() {
        return port;
    }

    /** @param port the TCP port to listen on */
    public void setPort(Integer port) {
        this.port = port;
    }

    /** Names the listener; never shows the key store's password. */
    @Override
    public String toString() {
        return "SmtpActivationSpec[port=" + port + ", localDomains=" + getLocalDomains() + "]";
    }
}
