package io.expoleads.exhibitor.identity;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** The accounts that may sign in, with their password hashes. */
@Component
public class Accounts {

    static final String COLLECTION = "accounts";

    private final MongoTemplate mongo;
    private final PasswordEncoder passwords;
    private final Clock clock;
    /** Compared against when the account does not exist, so a wrong name costs as long as a wrong password. */
    private final String unknownAccountHash;

    Accounts(MongoTemplate mongo, PasswordEncoder passwords, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.passwords = passwords;
        this.unknownAccountHash = passwords.encode(java.util.UUID.randomUUID().toString());
    }

    public static String normalize(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    public Optional<Account> find(String username) {
        return Optional.ofNullable(mongo.findById(normalize(username), Account.class, COLLECTION));
    }

    /** The active account whose password matches, if any. */
    Optional<Account> authenticate(String username, String password) {
        Optional<Account> account = find(username);
        String hash = account.map(Account::passwordHash).orElse(unknownAccountHash);
        boolean matches = passwords.matches(password == null ? "" : password, hash);
        return account.filter(found -> matches && found.active());
    }

    /** @return false when an account of that name exists already */
    public boolean create(String username, String password, Set<Role> roles, String exhibitorId) {
        return create(username, password, roles, exhibitorId, null);
    }

    /** @return false when an account of that name exists already */
    public boolean create(String username, String password, Set<Role> roles, String exhibitorId, String staffId) {
        try {
            mongo.insert(new Account(normalize(username), passwords.encode(password), roles, exhibitorId, staffId, true,
                    clock.instant(), null), COLLECTION);
            return true;
        } catch (DuplicateKeyException exists) {
            return false;
        }
    }

    /**
     * The account can no longer sign in, nor refresh its sessions; access tokens it holds expire on
     * their own.
     */
    public void deactivate(String username) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(normalize(username))), Update.update("active", false), COLLECTION);
        RefreshTokens.endAllOf(mongo, normalize(username), clock.instant());
    }

    public void changePassword(String username, String password) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(normalize(username))),
                Update.update("passwordHash", passwords.encode(password)), COLLECTION);
    }

    /** Keeps the language the account's holder chose; one field of one document, so nothing else is touched. */
    public void changeLanguage(String username, String language) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(normalize(username))), Update.update("language", language), COLLECTION);
    }

    /** The language the account's holder chose, if the address is an account's and they chose one. */
    public Optional<String> languageOf(String username) {
        return find(username).map(Account::language).filter(Account.LANGUAGES::contains);
    }

    public boolean passwordMatches(Account account, String password) {
        return passwords.matches(password, account.passwordHash());
    }
}
