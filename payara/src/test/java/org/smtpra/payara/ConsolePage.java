package org.smtpra.payara;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin console's page of one resource-adapter-config (Resources, Resource Adapter
 * Configs, the adapter's name), read and edited in a headless browser.
 */
final class ConsolePage {

    /** The console deploys itself at its first request, which takes a while on 2 cores. */
    static final Duration CONSOLE_READY = Duration.ofSeconds(300);
    static final Duration PAGE_READY = Duration.ofSeconds(60);

    private final Browser browser;
    private final String url;

    private ConsolePage(Browser browser, String url) {
        this.browser = browser;
        this.url = url;
    }

    /** The page's address under the console of the given admin listener. */
    static String address(String adminUrl, String adapter) {
        return adminUrl + "/jca/resourceAdapterConfigEdit.jsf?name=" + adapter;
    }

    /**
     * Asks for the console until it is there: HTTP 202 while it deploys itself, then 200.
     */
    static void awaitConsole(String adminUrl) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(adminUrl + "/"))
                .timeout(Duration.ofSeconds(60)).build();
        Wait.until("the admin console to answer 200", CONSOLE_READY,
                () -> http.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200);
    }

    /** Opens the page and waits until its table of properties is there. */
    static ConsolePage open(Browser browser, String url) throws IOException {
        ConsolePage page = new ConsolePage(browser, url);
        page.load();
        return page;
    }

    private void load() throws IOException {
        browser.open(url);
        Wait.until("the property table of " + url, PAGE_READY, () -> !names().isEmpty());
    }

    /** The property names in the page's table, as its text fields hold them. */
    List<String> names() throws IOException {
        JsonNode values = browser.script(
                "return Array.from(document.querySelectorAll('tr')).map(row => "
                + "row.querySelectorAll('input[type=text]')).filter(f => f.length >= 2)"
                + ".map(f => f[0].value);");
        List<String> names = new ArrayList<>();
        values.forEach(value -> names.add(value.asText()));
        return names;
    }

    /** Saves a picture of the page. */
    void screenshot(Path png) throws IOException {
        browser.screenshot(png);
    }

    /** Types a new value into the property's row and presses Save, as an administrator. */
    void change(String name, String value) throws IOException {
        JsonNode found = browser.script(
                "const row = Array.from(document.querySelectorAll('tr')).find(r => {"
                + " const f = r.querySelectorAll('input[type=text]');"
                + " return f.length >= 2 && f[0].value === '" + name + "'; });"
                + "if (!row) { return false; }"
                + "row.querySelectorAll('input[type=text]')[1].value = '" + value + "';"
                + "const save = Array.from(document.querySelectorAll("
                + "'input[type=submit], button')).find(b => (b.value || b.textContent)"
                + ".trim() === 'Save');"
                + "if (!save) { return false; }"
                + "save.click(); return true;");
        if (!found.asBoolean()) {
            throw new AssertionError("no row " + name + " or no Save button on " + url);
        }
    }
}
