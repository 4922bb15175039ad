package io.expoleads.exhibitor.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import io.expoleads.platform.security.AccessTokens;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

/** Issues signed access tokens: who, which roles, which exhibitor, for how long. */
@Component
public class TokenIssuer {

    /** The claim naming the account's roles. */
    public static final String ROLES = AccessTokens.ROLES;
    /** The claim naming the exhibitor an admin, staff member or device acts for. */
    public static final String EXHIBITOR = AccessTokens.EXHIBITOR;
    /** The claim naming the staff member a STAFF token belongs to. */
    public static final String STAFF = AccessTokens.STAFF;

    private final SigningKeys keys;
    private final IdentityProperties properties;
    private final Clock clock;

    TokenIssuer(SigningKeys keys, IdentityProperties properties, Clock clock) {
        this.clock = clock;
        this.keys = keys;
        this.properties = properties;
    }

    public record AccessToken(String accessToken, String tokenType, long expiresIn) {
    }

    public AccessToken issue(Account account) {
        Instant now = clock.instant();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .audience(List.of(properties.audience()))
                .subject(account.id())
                .issuedAt(now)
                .expiresAt(now.plus(properties.tokenLifetime()))
                .id(UUID.randomUUID().toString())
                .claim(ROLES, account.roles().stream().map(Role::name).sorted().toList());
        if (account.exhibitorId() != null) {
            claims.claim(EXHIBITOR, account.exhibitorId());
        }
        if (account.staffId() != null) {
            claims.claim(STAFF, account.staffId());
        }
        var signingKey = keys.activeKey();
        JWKSource<SecurityContext> source = (selector, context) -> selector.select(new JWKSet(signingKey));
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(signingKey.getKeyID()).build();
        String token = new NimbusJwtEncoder(source).encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
        return new AccessToken(token, "Bearer", properties.tokenLifetime().toSeconds());
    }
}
