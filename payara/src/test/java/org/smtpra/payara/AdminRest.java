package org.smtpra.payara;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Payara's REST administration interface under /management/domain. Every write carries the
 * header X-Requested-By, which Payara demands of a write against cross-site requests.
 */
final class AdminRest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    AdminRest(String adminUrl) {
        this.base = adminUrl + "/management/domain";
    }

    /** GET of a path under /management/domain, as JSON. */
    JsonNode get(String path) throws IOException {
        return send(request(path).GET().build());
    }

    /** POST of a JSON body. */
    JsonNode postJson(String path, String json) throws IOException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** POST of a form, the way Payara's REST interface takes a command's parameters. */
    JsonNode postForm(String path, String form) throws IOException {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header("X-Requested-By", "smtp-ra tests");
    }

    private JsonNode send(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request,
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new AssertionError(request.method() + " " + request.uri() + ": HTTP "
                        + response.statusCode() + "\n" + response.body());
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + request.uri(), e);
        }
    }
}
