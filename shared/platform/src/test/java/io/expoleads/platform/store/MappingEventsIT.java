package io.expoleads.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.expoleads.testsupport.TestInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.event.MongoMappingEvent;
import org.springframework.data.mongodb.core.query.Query;

/** The services' template writes and reads without publishing an application event per document. */
class MappingEventsIT {

    record Booth(@Id String id, String name) {
    }

    private static final class Heard implements ApplicationListener<MongoMappingEvent<?>> {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(MongoMappingEvent<?> event) {
            events.add(event.getClass().getSimpleName());
        }
    }

    @Test
    void documents_written_and_read_publish_no_mapping_event() {
        String database = "mapping-events-" + UUID.randomUUID().toString().substring(0, 8);
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, DataMongoAutoConfiguration.class,
                        ExpoStoreAutoConfiguration.class))
                .withPropertyValues("spring.mongodb.uri=" + TestInfrastructure.get().mongoUri(database))
                .withBean(Heard.class, Heard::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    MongoTemplate mongo = context.getBean(MongoTemplate.class);
                    mongo.insert(new Booth("b-1", "Smart mobility"));
                    mongo.save(new Booth("b-1", "Smart mobility, hall 2"));
                    assertThat(mongo.find(new Query(), Booth.class)).containsExactly(new Booth("b-1", "Smart mobility, hall 2"));

                    assertThat(context.getBean(Heard.class).events).as("mapping events published").isEmpty();
                });
    }
}
