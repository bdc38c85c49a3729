package org.smtpra.adapter;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.smtpra.api.Reply;
import org.smtpra.catalog.ReplyCatalog;
import org.smtpra.policy.AddressList;
import org.smtpra.policy.ListSource;
import org.smtpra.policy.Policy;
import org.smtpra.protocol.NetworkList;

/**
 * The built-in policy and the reply texts of a listener, from its settings. A list or a
 * reply text that cannot be read or parsed is a configuration fault (421 "Unable to read
 * system configuration"), never a list left empty in silence: an empty deny list would let
 * in whom the administrator meant to keep out.
 */
final class PolicySettings {

    private static final Reply NO_CONFIGURATION = Reply.SERVICE_NOT_AVAILABLE_NO_CONFIGURATION;

    private final ListenerProperties settings;
    private final ConfigurationFaults faults;

    PolicySettings(ListenerProperties settings, ConfigurationFaults faults) {
        this.settings = settings;
        this.faults = faults;
    }

    /**
     * The policy, with the lists that could be read.
     *
     * @throws IllegalArgumentException when maxHops is below 1
     */
    Policy policy() {
        ListenerProperties s = settings;
        return Policy.builder()
                .deniedClients(networks("deniedClients", s.getDeniedClients(),
                        s.getDeniedClientsFile()))
                .deferredClients(networks("deferredClients", s.getDeferredClients(),
                        s.getDeferredClientsFile()))
                .deniedHeloNames(addresses("deniedHeloNames", s.getDeniedHeloNames(),
                        s.getDeniedHeloNamesFile()))
                .deniedSenders(addresses("deniedSenders", s.getDeniedSenders(),
                        s.getDeniedSendersFile()))
                .auditedSenders(addresses("auditedSenders", s.getAuditedSenders(),
                        s.getAuditedSendersFile()))
                .deniedRecipients(addresses("deniedRecipients", s.getDeniedRecipients(),
                        s.getDeniedRecipientsFile()))
                .relaySenders(addresses("relaySenders", s.getRelaySenders(),
                        s.getRelaySendersFile()))
                .strictHelo(s.isStrictHelo())
                .authenticatedRelay(s.isAuthenticatedRelay())
                .localSendersMustAuthenticate(s.isLocalSendersMustAuthenticate())
                .strictMime(s.isStrictMime())
                .maxHops(s.getMaxHops())
                .build();
    }

    /**
     * The catalog with the administrator's texts: those of replyTextsFile, then those of
     * replyTexts, whose entries are separated by '|'.
     */
    ReplyCatalog catalog() {
        ReplyCatalog catalog = ReplyCatalog.defaults();
        String file = settings.getReplyTextsFile();
        if (!file.isBlank()) {
            try (Reader in = Files.newBufferedReader(Path.of(file.trim()),
                    StandardCharsets.UTF_8)) {
                catalog = catalog.withOverrides(in);
            } catch (IOException | IllegalArgumentException e) {
                faults.add(NO_CONFIGURATION, "replyTextsFile", "the reply texts of "
                        + file.trim() + " cannot be used, " + describe(e));
            }
        }
        String texts = settings.getReplyTexts();
        if (!texts.isBlank()) {
            try {
                catalog = catalog.withOverrides(new StringReader(texts.replace('|', '\n')));
            } catch (IOException | IllegalArgumentException e) {
                faults.add(NO_CONFIGURATION, "replyTexts", "the reply texts of replyTexts "
                        + "cannot be used, " + describe(e));
            }
        }
        return catalog;
    }

    private ListSource<NetworkList> networks(String name, String entries, String file) {
        return list(name, entries, file, NetworkList::of);
    }

    private ListSource<AddressList> addresses(String name, String entries, String file) {
        return list(name, entries, file, AddressList::of);
    }

    /** The list, or an empty one and a fault when it cannot be read. */
    private <T> ListSource<T> list(String name, String entries, String file,
            Function<List<String>, T> parser) {
        String fileSetting = name + "File";
        try {
            Path path = file.isBlank() ? null : Path.of(file.trim());
            return ListSource.load(name, entries, path, parser);
        } catch (IOException e) {
            faults.add(NO_CONFIGURATION, fileSetting, "the list " + file.trim()
                    + " cannot be read, " + describe(e));
        } catch (IllegalArgumentException e) {
            String blamed = file.isBlank() ? name : name + " or " + fileSetting;
            faults.add(NO_CONFIGURATION, blamed, "the list " + name + " cannot be used, "
                    + describe(e));
        }
        return ListSource.fixed(parser.apply(List.of()));
    }

    /** The exception's class tells what its message often does not, as for a missing file. */
    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
