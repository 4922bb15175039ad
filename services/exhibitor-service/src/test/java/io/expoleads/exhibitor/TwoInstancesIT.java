package io.expoleads.exhibitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jwt.SignedJWT;
import io.expoleads.exhibitor.identity.Accounts;
import io.expoleads.exhibitor.identity.Role;
import io.expoleads.testsupport.ExpoTestInfrastructure;
import io.expoleads.testsupport.HttpJson;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Two instances of exhibitor-service (two application contexts, each with its own web server)
 * started at the same moment on one empty database, as a deployment of two does: they agree on
 * the first start's state (one signing key, one organizer account; a token one issues is good on
 * the other), and failed sign-ins are limited across both, not per instance.
 */
class TwoInstancesIT {

    private static final String ORGANIZER_PASSWORD = "organizer-secret-for-two";
    private static final int ATTEMPTS = 3;
    private static final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private static final List<HttpJson> http = new ArrayList<>();
    private static final HttpClient client = HttpClient.newHttpClient();
    private static MongoTemplate store;
    private static final AtomicInteger addresses = new AtomicInteger();

    @BeforeAll
    static void startTwoInstancesTogether() throws Exception {
        String deployment = "two-" + UUID.randomUUID().toString().substring(0, 8);
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService starters = Executors.newFixedThreadPool(2);
        try {
            List<Future<ConfigurableApplicationContext>> started = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                started.add(starters.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    return new SpringApplicationBuilder(ExhibitorServiceApplication.class, ExpoTestInfrastructure.class)
                            .run("--server.port=0", "--" + ExpoTestInfrastructure.INSTANCE_OF + "=" + deployment,
                                    "--expo.organizer.password=" + ORGANIZER_PASSWORD, "--expo.auth.login-attempts=" + ATTEMPTS);
                }));
            }
            for (Future<ConfigurableApplicationContext> instance : started) {
                instances.add(instance.get(3, TimeUnit.MINUTES));
            }
        } finally {
            starters.shutdownNow();
        }
        for (ConfigurableApplicationContext instance : instances) {
            http.add(new HttpJson("http://localhost:" + instance.getEnvironment().getProperty("local.server.port")));
        }
        store = instances.get(0).getBean(MongoTemplate.class);
        assertThat(instances.get(1).getBean(MongoTemplate.class).getDb().getName()).isEqualTo(store.getDb().getName());
    }

    @AfterAll
    static void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void instancesStartedTogetherOnAnEmptyDatabaseShareOneSigningKeyAndOneOrganizer() throws Exception {
        assertThat(store.getCollection("signing_keys").countDocuments()).isEqualTo(1);
        assertThat(store.getCollection("accounts").countDocuments(new Document("roles", Role.ORGANIZER.name()))).isEqualTo(1);

        String issuedByFirst = http.get(0).post("/api/auth/token", signIn("organizer", ORGANIZER_PASSWORD)).field("accessToken");
        String issuedBySecond = http.get(1).post("/api/auth/token", signIn("organizer", ORGANIZER_PASSWORD)).field("accessToken");
        assertThat(SignedJWT.parse(issuedByFirst).getHeader().getKeyID()).isEqualTo(SignedJWT.parse(issuedBySecond).getHeader().getKeyID());
        String edition = "{\"name\":\"Edition\",\"venue\":\"OFEC\",\"startDate\":\"2026-11-24\",\"endDate\":\"2026-11-26\"}";
        assertThat(http.get(1).bearer(issuedByFirst).post("/api/editions", edition).status()).isEqualTo(201);
        assertThat(http.get(0).bearer(issuedBySecond).post("/api/editions", edition).status()).isEqualTo(201);
        assertThat(http.get(0).get("/.well-known/jwks.json").text()).isEqualTo(http.get(1).get("/.well-known/jwks.json").text());
    }

    @Test
    void failedSignInsAlternatingBetweenInstancesMeetOneLimit() throws Exception {
        String account = newAccount();
        String browser = randomAddress();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            assertThat(signIn(attempt % 2, browser, account, "guess-" + attempt).statusCode()).isEqualTo(401);
        }
        // Per instance this would be two and one failures, under the limit of three on each.
        for (int instance = 0; instance < 2; instance++) {
            HttpResponse<String> refused = signIn(instance, browser, account, "the-right-password");
            assertThat(refused.statusCode()).as("instance " + instance).isEqualTo(429);
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        }
    }

    @Test
    void simultaneousGuessesSpreadOverBothInstancesGetNoMoreTriesThanTheLimit() throws Exception {
        String account = newAccount();
        String browser = randomAddress();
        int guesses = 20;
        CyclicBarrier together = new CyclicBarrier(guesses);
        ExecutorService guessers = Executors.newFixedThreadPool(guesses);
        int[] statuses;
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < guesses; i++) {
                int instance = i % 2;
                String guess = "guess-" + i;
                answers.add(guessers.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    return signIn(instance, browser, account, guess).statusCode();
                }));
            }
            statuses = new int[guesses];
            for (int i = 0; i < guesses; i++) {
                statuses[i] = answers.get(i).get(60, TimeUnit.SECONDS);
            }
        } finally {
            guessers.shutdownNow();
        }
        assertThat(Arrays.stream(statuses).filter(status -> status == 401).count()).as(Arrays.toString(statuses)).isEqualTo(ATTEMPTS);
        assertThat(Arrays.stream(statuses).filter(status -> status == 429).count()).isEqualTo(guesses - ATTEMPTS);

        // What the shared check costs: refused tries, alternating instances, timed end to end.
        long[] nanos = new long[100];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            assertThat(signIn(i % 2, browser, account, "the-right-password").statusCode()).isEqualTo(429);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("Cross-instance sign-in throttle: a refused try answers in p50 %.1f ms, p90 %.1f ms (HTTP included, %d tries)%n",
                nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 9 / 10] / 1e6, nanos.length);
    }

    @Test
    void aSuccessfulSignInDoesNotCountAgainstTheLimit() throws Exception {
        String account = newAccount();
        String browser = randomAddress();
        for (int attempt = 0; attempt < ATTEMPTS * 2; attempt++) {
            assertThat(signIn(attempt % 2, browser, account, "the-right-password").statusCode()).isEqualTo(200);
        }
        assertThat(signIn(0, browser, account, "guess").statusCode()).isEqualTo(401);
    }

    private static String newAccount() {
        String account = "admin-" + UUID.randomUUID() + "@atlas.example";
        instances.get(0).getBean(Accounts.class).create(account, "the-right-password", Set.of(Role.EXHIBITOR_ADMIN), "exhibitor-1");
        return account;
    }

    /** A browser's address behind the web tier, of its own for each test (TEST-NET-2). */
    private static String randomAddress() {
        return "198.51.100." + addresses.incrementAndGet();
    }

    private static String signIn(String username, String password) {
        return HttpJson.json(java.util.Map.of("username", username, "password", password));
    }

    private static HttpResponse<String> signIn(int instance, String browser, String username, String password) throws Exception {
        URI uri = URI.create("http://localhost:" + instances.get(instance).getEnvironment().getProperty("local.server.port")
                + "/api/auth/token");
        return client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json").header("X-Forwarded-For", browser)
                .POST(HttpRequest.BodyPublishers.ofString(signIn(username, password))).build(), HttpResponse.BodyHandlers.ofString());
    }
}
