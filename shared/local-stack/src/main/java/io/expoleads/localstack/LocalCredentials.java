package io.expoleads.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The credentials of a local run, generated at its first start and kept in the data folder
 * (readable by the owner only), so a restarted stack keeps them.
 */
record LocalCredentials(String organizerUsername, String organizerPassword, boolean generatedNow) {

    private static final String FILE = "local-credentials.properties";

    static LocalCredentials loadOrGenerate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            return new LocalCredentials(properties.getProperty("organizer.username"), properties.getProperty("organizer.password"), false);
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        LocalCredentials generated = new LocalCredentials("organizer", Base64.getUrlEncoder().withoutPadding().encodeToString(random), true);
        properties.setProperty("organizer.username", generated.organizerUsername());
        properties.setProperty("organizer.password", generated.organizerPassword());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file gets the folder's permissions, which are the user's own by default.
            Files.createFile(file);
        }
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "Generated at the first start of the local stack; delete the data folder to start over");
        }
        return generated;
    }
}
