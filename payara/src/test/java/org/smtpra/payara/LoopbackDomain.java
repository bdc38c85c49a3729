package org.smtpra.payara;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Rewrites the {@code server-config} of a fresh domain.xml, before the domain's first start,
 * so that everything the server opens is on 127.0.0.1 and on a free port: the shipped one
 * binds HTTP, IIOP and JMX to every interface on fixed ports, and starts a Hazelcast data
 * grid and a JMS broker that listen too.
 */
final class LoopbackDomain {

    static final String LOOPBACK = "127.0.0.1";

    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private final Map<String, Integer> ports = new HashMap<>();
    private final Element config;

    private LoopbackDomain(Element config) {
        this.config = config;
    }

    /**
     * Rewrites the file and returns the ports chosen, by listener name ("admin-listener",
     * "http-listener-1", "orb-listener-1", "jmx", "jms", ...).
     */
    static Map<String, Integer> rewrite(Path domainXml) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(domainXml.toFile());
        LoopbackDomain domain = new LoopbackDomain(serverConfig(document));
        domain.bindListeners("network-listener", "name");
        domain.bindListeners("iiop-listener", "id");
        domain.bindListeners("jmx-connector", "name");
        domain.disableDataGrid();
        domain.disableJms();
        domain.moveOsgiShell();
        write(document, domainXml);
        return domain.ports;
    }

    private static Element serverConfig(Document document) {
        NodeList configs = document.getElementsByTagName("config");
        for (int i = 0; i < configs.getLength(); i++) {
            Element config = (Element) configs.item(i);
            if ("server-config".equals(config.getAttribute("name"))) {
                return config;
            }
        }
        throw new IllegalStateException("domain.xml has no server-config");
    }

    private void bindListeners(String tag, String nameAttribute) throws IOException {
        NodeList listeners = config.getElementsByTagName(tag);
        for (int i = 0; i < listeners.getLength(); i++) {
            Element listener = (Element) listeners.item(i);
            int port = freePort();
            listener.setAttribute("address", LOOPBACK);
            listener.setAttribute("port", Integer.toString(port));
            ports.put(listener.getAttribute(nameAttribute), port);
        }
    }

    /** Hazelcast would listen on 4900 and up, on every interface, and look for peers. */
    private void disableDataGrid() {
        child("hazelcast-config-specific-configuration").setAttribute("enabled", "false");
    }

    /**
     * The embedded broker's lazy listener binds every interface whatever the JMS host says;
     * nothing here uses JMS, so the service is off.
     */
    private void disableJms() throws IOException {
        Element jms = child("jms-service");
        jms.setAttribute("type", "DISABLED");
        jms.setAttribute("default-jms-host", "default_JMS_host");
        Element host = config.getOwnerDocument().createElement("jms-host");
        host.setAttribute("name", "default_JMS_host");
        host.setAttribute("host", LOOPBACK);
        int port = freePort();
        host.setAttribute("port", Integer.toString(port));
        jms.appendChild(host);
        ports.put("jms", port);
        systemProperty("JMS_PROVIDER_PORT", Integer.toString(port));
    }

    /** The OSGi shell listens on 127.0.0.1 already, but on the fixed port 6666. */
    private void moveOsgiShell() throws IOException {
        NodeList options = config.getElementsByTagName("jvm-options");
        for (int i = 0; i < options.getLength(); i++) {
            Node option = options.item(i);
            if (option.getTextContent().startsWith("-Dosgi.shell.telnet.port=")) {
                int port = freePort();
                option.setTextContent("-Dosgi.shell.telnet.port=" + port);
                ports.put("osgi-shell", port);
            }
        }
    }

    private void systemProperty(String name, String value) {
        NodeList properties = config.getElementsByTagName("system-property");
        for (int i = 0; i < properties.getLength(); i++) {
            Element property = (Element) properties.item(i);
            if (name.equals(property.getAttribute("name"))) {
                property.setAttribute("value", value);
                return;
            }
        }
        Element property = config.getOwnerDocument().createElement("system-property");
        property.setAttribute("name", name);
        property.setAttribute("value", value);
        config.appendChild(property);
    }

    /** The config's direct child of that name, created when the file has none. */
    private Element child(String tag) {
        for (Node node = config.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && tag.equals(element.getTagName())) {
                return element;
            }
        }
        Element element = config.getOwnerDocument().createElement(tag);
        config.appendChild(element);
        return element;
    }

    /**
     * A port free now on 127.0.0.1 and not handed out before in this run; the server binds it
     * a few seconds later.
     */
    static synchronized int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    private static void write(Document document, Path file) throws Exception {
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.INDENT, "no");
        transformer.transform(new DOMSource(document), new StreamResult(file.toFile()));
    }
}
