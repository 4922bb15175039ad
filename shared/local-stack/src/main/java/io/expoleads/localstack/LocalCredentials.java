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
 * (readable by the owner only), so a restarted stack keeps them: the organizer's sign-in, and the
 * key-encryption key that wraps every visitor's data key (never printed; lose it and the sealed
 * personal data on the topics cannot be read again).
 */
record LocalCredentials(String organizerUsername, String organizerPassword, String keyEncryptionKey, boolean generatedNow) {

    private static final String FILE = "local-credentials.properties";
    private static final String KEK = "privacy.key-encryption-key";

    static LocalCredentials loadOrGenerate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            if (properties.getProperty(KEK) == null) {
                // A data folder from before sealed personal data: the key is added, the password kept.
                properties.setProperty(KEK, Base64.getEncoder().encodeToString(random(32)));
                store(file, properties);
            }
            return new LocalCredentials(properties.getProperty("organizer.username"), properties.getProperty("organizer.password"),
                    properties.getProperty(KEK), false);
        }
        LocalCredentials generated = new LocalCredentials("organizer", Base64.getUrlEncoder().withoutPadding().encodeToString(random(18)),
                Base64.getEncoder().encodeToString(random(32)), true);
        properties.setProperty("organizer.username", generated.organizerUsername());
        properties.setProperty("organizer.password", generated.organizerPassword());
        properties.setProperty(KEK, generated.keyEncryptionKey());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file gets the folder's permissions, which are the user's own by default.
            Files.createFile(file);
        }
        store(file, properties);
        return generated;
    }

    private static byte[] random(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return random;
    }

    private static void store(Path file, Properties properties) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "Generated at the first start of the local stack; delete the data folder to start over");
        }
    }
}
