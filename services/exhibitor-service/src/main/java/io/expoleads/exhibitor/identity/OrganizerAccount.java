package io.expoleads.exhibitor.identity;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Makes sure the organizer can sign in. A configured password ({@code expo.organizer.password})
 * is the organizer's password; without one, a password is generated at the first start, only its
 * hash is stored, and it is shown once on the console.
 */
@Component
class OrganizerAccount implements ApplicationRunner {

    private final Accounts accounts;
    private final String username;
    private final String configuredPassword;

    OrganizerAccount(Accounts accounts, OrganizerProperties organizer) {
        this.accounts = accounts;
        this.username = organizer.username();
        this.configuredPassword = organizer.password();
    }

    @Override
    public void run(ApplicationArguments args) {
        var existing = accounts.find(username);
        if (!configuredPassword.isBlank()) {
            if (existing.isEmpty()) {
                accounts.create(username, configuredPassword, Set.of(Role.ORGANIZER), null);
            } else if (!accounts.passwordMatches(existing.get(), configuredPassword)) {
                accounts.changePassword(username, configuredPassword);
            }
            return;
        }
        if (existing.isEmpty()) {
            String generated = generatePassword();
            if (accounts.create(username, generated, Set.of(Role.ORGANIZER), null)) {
                // The console of the first start is the only place this password ever appears.
                System.out.println("Organizer credentials generated at first start (shown once): "
                        + username + " / " + generated);
            }
        }
    }

    static String generatePassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
