package io.expoleads.exhibitor.organizer;

import java.security.SecureRandom;
import java.util.Base64;

import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The organizer's login. A configured password ({@code expo.organizer.password}) is hashed in
 * memory; without one, a password is generated at first start, only its hash is stored, and it
 * is shown once on the console.
 */
@Component
class OrganizerCredentials {

    private static final String COLLECTION = "organizer_accounts";

    private final String username;
    private final String passwordHash;

    OrganizerCredentials(@Value("${expo.organizer.username:organizer}") String username,
                         @Value("${expo.organizer.password:}") String configuredPassword,
                         PasswordEncoder encoder, MongoTemplate mongo) {
        this.username = username;
        if (!configuredPassword.isBlank()) {
            this.passwordHash = encoder.encode(configuredPassword);
            return;
        }
        Query account = Query.query(Criteria.where("_id").is(username));
        Document stored = mongo.findOne(account, Document.class, COLLECTION);
        if (stored != null) {
            this.passwordHash = stored.getString("passwordHash");
            return;
        }
        String generated = generatePassword();
        this.passwordHash = encoder.encode(generated);
        mongo.insert(new Document("_id", username).append("passwordHash", passwordHash), COLLECTION);
        // The console of the first start is the only place this password ever appears.
        System.out.println("Organizer credentials generated at first start (shown once): "
                + username + " / " + generated);
    }

    static String generatePassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    String username() {
        return username;
    }

    String passwordHash() {
        return passwordHash;
    }
}
