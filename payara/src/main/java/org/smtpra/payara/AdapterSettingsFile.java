package org.smtpra.payara;

import jakarta.resource.spi.ConfigProperty;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.smtpra.adapter.SmtpResourceAdapter;

/**
 * Writes every setting of the resource adapter, with its default value and its description,
 * as the JSON list that Payara's REST interface takes for the properties of a
 * resource-adapter-config:
 *
 * <pre>
 * POST /management/domain/resources/resource-adapter-config/smtp-ra/property
 * [{"name": "maxMessageSize", "value": "10485760", "description": "..."}, ...]
 * </pre>
 *
 * Payara's own commands cannot give a property a description when they create it, and its
 * console and asadmin show only the properties a config holds; so the file is what puts
 * every setting, described, into the server's configuration. The settings, defaults and
 * descriptions come from the adapter's {@link ConfigProperty} annotations, so the file
 * cannot drift from the code.
 */
public final class AdapterSettingsFile {

    private AdapterSettingsFile() {
    }

    /** One setting as the REST interface takes it. */
    record Setting(String name, String value, String description) {
    }

    /**
     * Writes the file.
     *
     * @param args the path of the file to write
     * @throws IOException when the file cannot be written
     * @throws IllegalStateException when a setting has no description
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: AdapterSettingsFile OUTPUT.json");
        }
        Path file = Path.of(args[0]);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, json(settings()), StandardCharsets.UTF_8);
    }

    /** The adapter's settings in declaration order, superclass first. */
    static List<Setting> settings() {
        SmtpResourceAdapter defaults = new SmtpResourceAdapter();
        List<Setting> settings = new ArrayList<>();
        for (Class<?> type : hierarchy(SmtpResourceAdapter.class)) {
            for (Field field : type.getDeclaredFields()) {
                ConfigProperty property = field.getAnnotation(ConfigProperty.class);
                if (property != null) {
                    settings.add(setting(field, property, defaults));
                }
            }
        }
        return settings;
    }

    private static List<Class<?>> hierarchy(Class<?> type) {
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            classes.add(0, c);
        }
        return classes;
    }

    private static Setting setting(Field field, ConfigProperty property, Object defaults) {
        if (property.description().length == 0
                || String.join("", property.description()).isBlank()) {
            throw new IllegalStateException("the adapter setting " + field.getName()
                    + " has no description; give its @ConfigProperty one");
        }
        return new Setting(field.getName(), defaultValue(field, defaults),
                String.join(" ", property.description()));
    }

    /**
     * The value a new adapter has. A text setting without one is written as one space:
     * Payara drops a property whose value is empty, and the adapter takes a blank value as
     * unset. A setting of another type must have a default, as Payara cannot set it blank.
     */
    private static String defaultValue(Field field, Object defaults) {
        try {
            field.setAccessible(true);
            Object value = field.get(defaults);
            if (value == null && field.getType() != String.class) {
                throw new IllegalStateException("the adapter setting " + field.getName()
                        + " has no default; Payara could not set a blank value");
            }
            return value == null || value.toString().isEmpty() ? " " : value.toString();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field.getName(), e);
        }
    }

    static String json(List<Setting> settings) {
        return settings.stream()
                .map(s -> "  {\"name\": " + quote(s.name()) + ", \"value\": " + quote(s.value())
                        + ",\n   \"description\": " + quote(s.description()) + "}")
                .collect(Collectors.joining(",\n", "[\n", "\n]\n"));
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : c);
            }
        }
        return out.append('"').toString();
    }
}
