package org.smtpra.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMTP clients that send numbered messages at the same time, one session each, as mail
 * servers that relay to this one would, and note which messages got their 250. Each message
 * carries its id as its subject, so that the stores can be checked against the replies.
 *
 * <p>Bounded in count (the ids given) and in time: a client stops at its deadline, and at the
 * first failure of its connection (the server went away); what it had not sent by then
 * counts as not acknowledged.
 */
final class LoadClients {

    private static final Pattern SUBJECT = Pattern.compile("\r\nSubject: (\\S+)\r\n");

    /**
     * What the clients saw.
     *
     * @param acknowledged the ids that got 250 after their data
     * @param unanswered the ids whose sending had begun when the connection failed
     * @param refused the messages answered with another reply
     * @param brokenSessions the sessions that ended on a failed connection
     * @param seconds how long the clients took, from the first connection to the last reply
     */
    record Result(Set<String> acknowledged, Set<String> unanswered, int refused,
            int brokenSessions, double seconds) {

        /** Acknowledged messages per second. */
        double rate() {
            return acknowledged.size() / seconds;
        }
    }

    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> unanswered = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger brokenSessions = new AtomicInteger();
    private final int port;
    private final long start = System.nanoTime();
    private final long limitSeconds;
    private final ExecutorService clients;
    private final List<Future<Void>> running = new ArrayList<>();

    private LoadClients(int port, int clientCount, long limitSeconds) {
        this.port = port;
        this.limitSeconds = limitSeconds;
        this.clients = Executors.newFixedThreadPool(clientCount);
    }

    /** The ids of a load: "prefix-c07-m0123" for client 7's message 123. */
    static List<List<String>> ids(String prefix, int clients, int messagesPerClient) {
        List<List<String>> ids = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            List<String> mine = new ArrayList<>();
            for (int message = 0; message < messagesPerClient; message++) {
                mine.add(String.format("%s-c%02d-m%04d", prefix, client, message));
            }
            ids.add(mine);
        }
        return ids;
    }

    /**
     * Starts sending every message, one client per list of ids, all clients at once.
     *
     * @param limitSeconds the time the whole load may take; past it the clients stop
     */
    static LoadClients start(int port, List<List<String>> idsPerClient, long limitSeconds) {
        LoadClients load = new LoadClients(port, idsPerClient.size(), limitSeconds);
        for (List<String> ids : idsPerClient) {
            load.running.add(load.clients.submit(() -> load.session(ids)));
        }
        return load;
    }

    /** Sends every message and waits for the last reply. */
    static Result send(int port, List<List<String>> idsPerClient, long limitSeconds)
            throws Exception {
        return start(port, idsPerClient, limitSeconds).await();
    }

    /** How many messages got their 250 so far. */
    int acknowledgedSoFar() {
        return acknowledged.size();
    }

    /** True while a client is still sending. */
    boolean running() {
        return running.stream().anyMatch(client -> !client.isDone());
    }

    /** Waits until every client has ended. */
    Result await() throws Exception {
        try {
            for (Future<Void> client : running) {
                client.get(limitSeconds + 60, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(Set.copyOf(acknowledged), Set.copyOf(unanswered), refused.get(),
                brokenSessions.get(), seconds);
    }

    /** The id a stored message carries, or null for a message that is not from a load. */
    static String idOf(String content) {
        Matcher subject = SUBJECT.matcher(content);
        return subject.find() ? subject.group(1) : null;
    }

    private Void session(List<String> ids) {
        long deadline = start + TimeUnit.SECONDS.toNanos(limitSeconds);
        try (SmtpClient client = SmtpClient.introduced(port)) {
            for (String id : ids) {
                if (System.nanoTime() - deadline > 0) {
                    return null;
                }
                sendOne(client, id);
            }
            client.send("QUIT");
        } catch (IOException | AssertionError e) {
            brokenSessions.incrementAndGet();
        }
        return null;
    }

    /** Sends one message; should the connection fail, its id stays unanswered. */
    private void sendOne(SmtpClient client, String id) throws IOException {
        unanswered.add(id);
        client.command("MAIL FROM:<load@example.org>", "250 2.0.0 Ok");
        client.command("RCPT TO:<someone@example.com>", "250 2.0.0 Ok");
        client.command("DATA", "354 Start mail input; end with CRLF.CRLF");
        client.sendRaw("Subject: " + id + "\r\nMessage-ID: <" + id + "@load.example.org>\r\n"
                + "\r\nOne of many.\r\n.\r\n");
        String reply = client.readReply().get(0);
        unanswered.remove(id);
        if (reply.startsWith("250 ")) {
            acknowledged.add(id);
        } else {
            refused.incrementAndGet();
        }
    }
}
