package org.smtpra.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the sample's database, table MESSAGES, with plain JDBC, as another tool would. The
 * H2 driver is the one inside the embedded server's jar: in the JVM of the server, the
 * connection joins the database the server has open; otherwise the server must be stopped.
 */
final class SampleDatabase {

    /** One row: what the sample stored of one message. */
    record Row(String maildirFile, String reversePath, String recipients, long size,
            byte[] content) {
    }

    private final String url;

    private SampleDatabase(Path database) {
        // IFEXISTS: a wrong path fails, rather than reading a new, empty database.
        this.url = "jdbc:h2:" + database + ";IFEXISTS=TRUE";
    }

    /** The database of the deployed sample: the system property smtp.database. */
    static SampleDatabase ofSample() {
        return at(Path.of(System.getProperty("smtp.database")));
    }

    /** The database at this path, without the .mv.db suffix. */
    static SampleDatabase at(Path database) {
        return new SampleDatabase(database);
    }

    /** A new connection; the caller closes it. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "sa", "");
    }

    /** Every row, in the order of the Maildir file names. */
    List<Row> rows() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT MAILDIR_FILE, REVERSE_PATH,"
                        + " RECIPIENTS, MESSAGE_SIZE, CONTENT FROM MESSAGES"
                        + " ORDER BY MAILDIR_FILE")) {
            while (result.next()) {
                rows.add(new Row(result.getString(1), result.getString(2), result.getString(3),
                        result.getLong(4), result.getBytes(5)));
            }
        }
        return rows;
    }

    /** Deletes every row, so that a test sees only its own. */
    void clear() throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM MESSAGES");
        }
    }
}
