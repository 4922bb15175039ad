package io.expoleads.exhibitor;

import io.expoleads.testsupport.ExpoTestInfrastructure;
import io.expoleads.testsupport.HttpJson;
import io.expoleads.testsupport.TestInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running service, on the test infrastructure, with a signed-in organizer: what the
 * exhibitor-service integration tests share (and so share one application context).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "expo.organizer.password=" + Onboarding.ORGANIZER_PASSWORD)
@Import(ExpoTestInfrastructure.class)
abstract class ExhibitorServiceIT {

    @LocalServerPort
    int port;
    @Autowired
    TestInfrastructure infrastructure;
    @Autowired
    JsonMapper json;

    Onboarding onboarding;
    HttpJson anonymous;
    HttpJson organizer;

    @BeforeEach
    void signInOrganizer() {
        onboarding = new Onboarding(port);
        anonymous = onboarding.anonymous;
        organizer = onboarding.organizer;
    }
}
