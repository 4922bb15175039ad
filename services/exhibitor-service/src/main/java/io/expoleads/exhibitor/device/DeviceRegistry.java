package io.expoleads.exhibitor.device;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

import io.expoleads.exhibitor.exhibitor.BoothDevice;
import io.expoleads.exhibitor.exhibitor.Exhibitor;
import io.expoleads.exhibitor.exhibitor.ExhibitorOnboarding;
import io.expoleads.exhibitor.identity.Account;
import io.expoleads.exhibitor.identity.Accounts;
import io.expoleads.exhibitor.identity.Role;
import io.expoleads.exhibitor.identity.TokenIssuer;
import io.expoleads.exhibitor.identity.Secrets;
import io.expoleads.platform.web.ApiException;
import org.bson.Document;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Shared booth devices. The admin adds one and gets a single-use setup code (and its QR image);
 * the device trades the code for its own long-lived secret and an access token, and signs in with
 * its id and that secret afterwards. Only hashes of codes and secrets are kept.
 */
@Service
class DeviceRegistry {

    static final String CODES = "device_setup_codes";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int CODE_LENGTH = 12;
    private static final Duration CODE_LIFETIME = Duration.ofHours(24);

    private final MongoTemplate mongo;
    private final ExhibitorOnboarding exhibitors;
    private final Accounts accounts;
    private final TokenIssuer tokens;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    DeviceRegistry(MongoTemplate mongo, ExhibitorOnboarding exhibitors, Accounts accounts, TokenIssuer tokens, Clock clock) {
        this.clock = clock;
        this.mongo = mongo;
        this.exhibitors = exhibitors;
        this.accounts = accounts;
        this.tokens = tokens;
    }

    record NewDevice(String deviceId, String name, String setupCode, Instant setupCodeExpiresAt, String setupQr) {
    }

    record ActivatedDevice(String deviceId, String exhibitorId, String deviceSecret, TokenIssuer.AccessToken token) {
    }

    NewDevice add(String exhibitorId, String name, String actor) {
        String deviceId = UUID.randomUUID().toString();
        Instant now = clock.instant();
        exhibitors.addDevice(exhibitorId, actor, new BoothDevice(deviceId, name, BoothDevice.Status.PENDING, now, null, null));
        String code = setupCode();
        Instant expires = now.plus(CODE_LIFETIME);
        mongo.insert(new Document("_id", Secrets.sha256(code)).append("exhibitorId", exhibitorId).append("deviceId", deviceId)
                .append("expiresAt", expires), CODES);
        return new NewDevice(deviceId, name, code, expires, SetupQr.dataUri(code));
    }

    ActivatedDevice activate(String setupCode) {
        Instant now = clock.instant();
        Document code = mongo.findAndModify(
                Query.query(Criteria.where("_id").is(Secrets.sha256(setupCode.strip().toUpperCase())).and("usedAt").is(null)),
                Update.update("usedAt", now), FindAndModifyOptions.options().returnNew(false), Document.class, CODES);
        if (code == null) {
            throw ApiException.notFound("Setup code", "given");
        }
        if (!now.isBefore(code.getDate("expiresAt").toInstant())) {
            throw new ApiException(HttpStatus.GONE, "Setup code expired", "This setup code has expired; ask for a new device");
        }
        String exhibitorId = code.getString("exhibitorId");
        String deviceId = code.getString("deviceId");
        exhibitors.activateDevice(exhibitorId, deviceId);
        String secret = secret();
        accounts.create(deviceId, secret, Set.of(Role.DEVICE), exhibitorId);
        Account account = accounts.find(deviceId).orElseThrow();
        return new ActivatedDevice(deviceId, exhibitorId, secret, tokens.issue(account));
    }

    Exhibitor revoke(String exhibitorId, String deviceId, String actor) {
        Exhibitor exhibitor = exhibitors.find(exhibitorId);
        if (exhibitor.devices().device(deviceId).isEmpty()) {
            throw ApiException.notFound("Device", deviceId);
        }
        Exhibitor revoked = exhibitors.revokeDevice(exhibitorId, actor, deviceId);
        accounts.deactivate(deviceId);
        return revoked;
    }

    private String setupCode() {
        StringBuilder code = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    private String secret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
