package org.smtpra.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ids of the load messages (see {@link LoadClients}) that the sample's two stores hold,
 * duplicates included, and what is left in the Maildir's tmp/.
 *
 * @param inDatabase one id per row of the database
 * @param inMaildir one id per file in the Maildir's new/
 * @param temporaryFiles the files in the Maildir's tmp/
 */
record StoredIds(List<String> inDatabase, List<String> inMaildir, List<Path> temporaryFiles) {

    /** Reads both stores; the server must be stopped, or run in this JVM. */
    static StoredIds read(SampleDatabase database, MaildirFolder maildir) throws Exception {
        List<String> inDatabase = new ArrayList<>();
        for (SampleDatabase.Row row : database.rows()) {
            inDatabase.add(LoadClients.idOf(new String(row.content(), StandardCharsets.UTF_8)));
        }
        List<String> inMaildir = new ArrayList<>();
        for (Path file : maildir.newMessages()) {
            inMaildir.add(LoadClients.idOf(MaildirFolder.read(file)));
        }
        return new StoredIds(inDatabase, inMaildir, maildir.temporaryFiles());
    }

    /** The ids that occur more than once. */
    static Set<String> duplicates(List<String> ids) {
        Set<String> seen = new HashSet<>();
        Set<String> twice = new TreeSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                twice.add(id);
            }
        }
        return twice;
    }
}
