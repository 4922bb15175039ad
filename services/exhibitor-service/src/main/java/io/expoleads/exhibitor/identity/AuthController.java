package io.expoleads.exhibitor.identity;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.expoleads.platform.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Sign-in, refresh and sign-out, the public keys that verify tokens, and key rotation. */
@RestController
class AuthController {

    private final Accounts accounts;
    private final TokenIssuer tokens;
    private final RefreshTokens refreshTokens;
    private final Membership membership;
    private final SigningKeys keys;
    private final LoginThrottle throttle;
    private final Clock clock;

    AuthController(Accounts accounts, TokenIssuer tokens, RefreshTokens refreshTokens, Membership membership, SigningKeys keys,
                   LoginThrottle throttle, Clock clock) {
        this.clock = clock;
        this.accounts = accounts;
        this.tokens = tokens;
        this.refreshTokens = refreshTokens;
        this.membership = membership;
        this.keys = keys;
        this.throttle = throttle;
    }

    record SignIn(@NotBlank @Size(max = 254) String username, @NotBlank @Size(max = 200) String password) {
    }

    record Refresh(@NotBlank @Size(max = 128) String refreshToken) {
    }

    /**
     * A signed-in session: the access token, and the refresh token that trades for the next pair
     * (single use; {@code refreshExpiresIn} seconds if unused), and the language the account's holder
     * chose (null until they do), which the app opens in.
     */
    record Tokens(String accessToken, String tokenType, long expiresIn, String refreshToken, long refreshExpiresIn,
                  String language) {
    }

    record Language(@NotBlank @Pattern(regexp = "fr|en|ar", message = "must be fr, en or ar") String language) {
    }

    /**
     * Keeps the language the signed-in account's holder chose in an app: the apps open in it at the
     * next sign-in, on any device, and the emails to its holder are written in it.
     */
    @PutMapping("/api/auth/language")
    ResponseEntity<Void> language(@Valid @RequestBody Language language, @AuthenticationPrincipal Jwt token) {
        accounts.changeLanguage(token.getSubject(), language.language());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/auth/token")
    ResponseEntity<Tokens> token(@Valid @RequestBody SignIn signIn, HttpServletRequest request) {
        String account = Accounts.normalize(signIn.username());
        String address = request.getRemoteAddr();
        LoginThrottle.Decision decision = throttle.tryAttempt(account, address);
        if (!decision.allowed()) {
            long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins",
                    "Too many failed sign-ins; try again in " + seconds + " s")
                    .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        Optional<Account> signedIn = accounts.authenticate(account, signIn.password());
        if (signedIn.isEmpty()) {
            // The try's reserved failure stays counted.
            throw new ApiException(HttpStatus.UNAUTHORIZED, "Sign-in failed", "Unknown account or wrong password");
        }
        throttle.succeeded(decision.attempt());
        return answer(signedIn.get(), refreshTokens.start(signedIn.get().id()));
    }

    /**
     * A new access token and the next refresh token, for a refresh token not used before. Two
     * refreshes with the same token are one too many: the second ends the session (clients
     * serialise their refreshes).
     */
    @PostMapping("/api/auth/refresh")
    ResponseEntity<Tokens> refresh(@Valid @RequestBody Refresh refresh) {
        RefreshTokens.Rotation rotation = refreshTokens.rotate(refresh.refreshToken(), this::allowed);
        return answer(rotation.account(), rotation.next());
    }

    /** Ends the session the refresh token belongs to; said again, or of an unknown token, it changes nothing. */
    @PostMapping("/api/auth/sign-out")
    ResponseEntity<Void> signOut(@Valid @RequestBody Refresh refresh) {
        refreshTokens.endFamilyOf(refresh.refreshToken());
        return ResponseEntity.noContent().header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** The account, while it may still sign in: active, and (staff, devices) not revoked at its exhibitor. */
    private Optional<Account> allowed(String account) {
        return accounts.find(account).filter(Account::active).filter(membership::holdsPlace);
    }

    private ResponseEntity<Tokens> answer(Account account, RefreshTokens.Issued refresh) {
        TokenIssuer.AccessToken access = tokens.issue(account);
        long refreshSeconds = Math.max(0, Duration.between(clock.instant(), refresh.expiresAt()).toSeconds());
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(new Tokens(access.accessToken(),
                access.tokenType(), access.expiresIn(), refresh.token(), refreshSeconds, account.language()));
    }

    @GetMapping("/.well-known/jwks.json")
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "max-age=60").body(keys.publicKeys().toJSONObject());
    }

    record Rotated(String keyId) {
    }

    @PostMapping("/api/auth/keys/rotate")
    Rotated rotate() {
        return new Rotated(keys.rotate());
    }
}
