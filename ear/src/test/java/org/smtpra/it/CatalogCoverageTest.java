package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.smtpra.api.Reply;
import org.smtpra.catalog.ReplyCatalog;

/**
 * The reply catalog's coverage, checked at every build before the server starts: every entry
 * of {@link Reply} has its situation in {@code smtp-reply-situations.txt}, beside the catalog,
 * and at least one integration test that provokes it over a socket ({@link Provokes}). The
 * check writes {@code ear/target/catalog-coverage.md} (id, code, situation, tests), and
 * compares the README's table of the catalog with the one the situations make.
 */
class CatalogCoverageTest {

    private static final String SITUATIONS = "/org/smtpra/catalog/smtp-reply-situations.txt";
    private static final String TABLE_START = "<!-- The catalog table: made by the build "
            + "(CatalogCoverageTest) from smtp-reply-situations.txt. -->";
    private static final String TABLE_END = "<!-- End of the catalog table. -->";

    private final Path testClasses = Path.of(System.getProperty("smtpra.testClasses"));
    private final Path target = Path.of(System.getProperty("smtpra.target"));
    private final Path readme = Path.of(System.getProperty("smtpra.readme"));
    private final ReplyCatalog catalog = ReplyCatalog.defaults();

    /** When the server gives an entry, and the setting or decision behind it. */
    private record Situation(String when, String cause) {
    }

    @Test
    void givesEveryEntryASituationAndATest() throws Exception {
        Map<Reply, Situation> situations = situations();
        Map<Reply, List<String>> tests = provokingTests();
        Files.writeString(target.resolve("catalog-coverage.md"), coverage(situations, tests));
        List<String> missing = new ArrayList<>();
        for (Reply reply : Reply.values()) {
            if (!situations.containsKey(reply)) {
                missing.add(reply.id() + " " + reply + " has no situation");
            }
            if (!tests.containsKey(reply)) {
                missing.add(reply.id() + " " + reply + " has no test");
            }
        }
        assertEquals(List.of(), missing, "the catalog's coverage, as in " + target
                .resolve("catalog-coverage.md"));
    }

    @Test
    void showsTheSituationsInTheReadme() throws Exception {
        String made = readmeTable(situations());
        if (!made.equals(readmeTable())) {
            Path file = target.resolve("readme-catalog-table.md");
            Files.writeString(file, made);
            fail("the README's catalog table differs from the one smtp-reply-situations.txt "
                    + "makes; put " + file + " between its markers");
        }
    }

    /** The situations file, each line checked: an entry that exists, once, in three parts. */
    private static Map<Reply, Situation> situations() throws IOException {
        Map<Reply, Situation> situations = new EnumMap<>(Reply.class);
        try (InputStream in = CatalogCoverageTest.class.getResourceAsStream(SITUATIONS)) {
            assertNotNull(in, SITUATIONS + " is missing from the adapter's jar");
            BufferedReader lines = new BufferedReader(new InputStreamReader(in,
                    StandardCharsets.UTF_8));
            List<String> entries = lines.lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
            for (String line : entries) {
                String[] parts = line.split(" \\| ", -1);
                assertEquals(3, parts.length, () -> "not 'id | situation | cause': " + line);
                Reply reply = Reply.byId(Integer.parseInt(parts[0].strip()));
                Situation old = situations.put(reply, new Situation(parts[1], parts[2]));
                assertNull(old, () -> "a second situation for " + reply.id());
            }
        }
        return situations;
    }

    /** The tests of every integration test class, by the entries they provoke. */
    private Map<Reply, List<String>> provokingTests() throws Exception {
        Map<Reply, List<String>> tests = new EnumMap<>(Reply.class);
        for (Class<?> type : integrationTestClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                Provokes provokes = method.getAnnotation(Provokes.class);
                if (provokes == null) {
                    continue;
                }
                String test = type.getSimpleName() + "." + method.getName();
                for (String name : provokes.value()) {
                    tests.computeIfAbsent(entry(name, test), r -> new ArrayList<>()).add(test);
                }
            }
        }
        return tests;
    }

    private static Reply entry(String name, String test) {
        try {
            return Reply.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new AssertionError(test + " provokes " + name + ", which is no catalog entry");
        }
    }

    /** The classes named *IT among the compiled tests, in name order. */
    private List<Class<?>> integrationTestClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(testClasses)) {
            files.map(file -> testClasses.relativize(file).toString())
                    .filter(file -> file.endsWith("IT.class"))
                    .forEach(file -> names.add(file.substring(0, file.length() - 6)
                            .replace('/', '.')));
        }
        for (String name : names) {
            classes.add(Class.forName(name, false, getClass().getClassLoader()));
        }
        return classes;
    }

    private String coverage(Map<Reply, Situation> situations, Map<Reply, List<String>> tests) {
        StringBuilder out = new StringBuilder("# Reply catalog coverage\n\n"
                + "Made by the build (ear: CatalogCoverageTest): every entry of the catalog, "
                + "when the server gives it, and the integration tests that provoke it over a "
                + "socket.\n\n| id | code | entry | situation | tests |\n"
                + "| --- | --- | --- | --- | --- |\n");
        for (Reply reply : Reply.values()) {
            Situation situation = situations.get(reply);
            List<String> provoking = tests.getOrDefault(reply, List.of());
            out.append(row(Integer.toString(reply.id()),
                    Integer.toString(catalog.code(reply)), reply.name(),
                    situation == null ? "**none**" : situation.when(),
                    provoking.isEmpty() ? "**none**" : String.join(", ", provoking)));
        }
        return out.toString();
    }

    /** The table the README shows, between its markers, markers excluded. */
    private String readmeTable(Map<Reply, Situation> situations) {
        StringBuilder out = new StringBuilder("| id | entry | reply | enhanced code | situation "
                + "| setting or decision |\n| --- | --- | --- | --- | --- | --- |\n");
        for (Reply reply : Reply.values()) {
            ReplyCatalog.Entry entry = catalog.entry(reply);
            Situation situation = situations.get(reply);
            String enhanced = reply.enhancedCode() == null ? "" : reply.enhancedCode();
            out.append(row(Integer.toString(reply.id()), "`" + reply.name() + "`",
                    "`" + entry.code() + " " + entry.text() + "`", enhanced,
                    situation == null ? "" : situation.when(),
                    situation == null ? "" : situation.cause()));
        }
        return out.toString();
    }

    private String readmeTable() throws IOException {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf(TABLE_START);
        int end = text.indexOf(TABLE_END);
        if (start < 0 || end < start) {
            fail(readme + " lacks the markers of the catalog table: " + TABLE_START + " and "
                    + TABLE_END);
        }
        return text.substring(start + TABLE_START.length(), end).strip() + "\n";
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }
}
