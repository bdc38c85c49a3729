package org.smtpra.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.appserv.connectors.internal.api.ConnectorRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.internal.api.Globals;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The settings as Payara itself lists them, the list its console and asadmin show: every
 * property of the README's configuration table, with its default, for the resource adapter
 * and for the activation spec. Both inherit them from one superclass, which Payara must find.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdapterPropertiesIT {

    private static final String ADAPTER = Deployments.APPLICATION + "#smtp-ra";
    private static final String LISTENER = "org.smtpra.api.SmtpListener";
    private static final Pattern NAME = Pattern.compile("`(\\w+)`");
    private static final Pattern ONE_VALUE = Pattern.compile("`([^`]*)`");

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    @BeforeEach
    void deployed() throws Exception {
        Deployments.assertDeployed();
    }

    @Test
    void listsEverySettingOfTheAdapterWithItsDefault() throws Exception {
        Map<String, String> listed = runtime().getResourceAdapterConfigProps(ADAPTER);
        assertEquals(documented("port"), defaults(listed));
    }

    @Test
    void listsEverySettingOfTheActivationSpec() throws Exception {
        Map<String, String> listed = runtime().getMessageListenerConfigProps(ADAPTER, LISTENER);
        assertEquals(documented("ioThreads"), defaults(listed));
    }

    private static ConnectorRuntime runtime() {
        return Globals.get(ConnectorRuntime.class);
    }

    /**
     * The rows of the README's configuration table, but one, by name: the default where the
     * table gives one value, "" where it gives none, and "?" where it describes it in words.
     */
    private static Map<String, String> documented(String except) throws Exception {
        Path readme = Path.of(System.getProperty("smtpra.readme"));
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int table = text.indexOf("| name |", text.indexOf("## Configuration"));
        String section = text.substring(table, text.indexOf("\n\n", table));
        Map<String, String> documented = new TreeMap<>();
        for (String row : section.lines().skip(2).toList()) {
            List<String> cells = List.of(row.split(" \\| "));
            Matcher names = NAME.matcher(cells.get(0));
            while (names.find()) {
                documented.put(names.group(1), defaultOf(cells.get(2)));
            }
        }
        documented.remove(except);
        return documented;
    }

    private static String defaultOf(String cell) {
        if (cell.equals("(none)") || cell.equals("(empty)")) {
            return "";
        }
        Matcher value = ONE_VALUE.matcher(cell);
        return value.matches() ? value.group(1) : "?";
    }

    /** Payara's defaults, with "?" where the README describes the default in words. */
    private static Map<String, String> defaults(Map<String, String> listed) throws Exception {
        Map<String, String> documented = documented("");
        Map<String, String> defaults = new TreeMap<>();
        listed.forEach((name, value) -> defaults.put(name,
                "?".equals(documented.get(name)) ? "?" : value));
        return defaults;
    }
}
