package io.expoleads.exhibitor.identity;

import java.time.Duration;
import java.util.Map;

import io.expoleads.platform.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Sign-in, the public keys that verify tokens, and key rotation. */
@RestController
class AuthController {

    private final Accounts accounts;
    private final TokenIssuer tokens;
    private final SigningKeys keys;
    private final LoginThrottle throttle;

    AuthController(Accounts accounts, TokenIssuer tokens, SigningKeys keys, LoginThrottle throttle) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.keys = keys;
        this.throttle = throttle;
    }

    record SignIn(@NotBlank @Size(max = 254) String username, @NotBlank @Size(max = 200) String password) {
    }

    @PostMapping("/api/auth/token")
    ResponseEntity<TokenIssuer.AccessToken> token(@Valid @RequestBody SignIn signIn, HttpServletRequest request) {
        String account = Accounts.normalize(signIn.username());
        String address = request.getRemoteAddr();
        Duration wait = throttle.waitBeforeTrying(account, address);
        if (!wait.isZero()) {
            long seconds = Math.max(1, wait.toSeconds());
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins",
                    "Too many failed sign-ins; try again in " + seconds + " s")
                    .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        return accounts.authenticate(account, signIn.password())
                .map(found -> ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(tokens.issue(found)))
                .orElseGet(() -> {
                    throttle.failed(account, address);
                    throw new ApiException(HttpStatus.UNAUTHORIZED, "Sign-in failed", "Unknown account or wrong password");
                });
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
