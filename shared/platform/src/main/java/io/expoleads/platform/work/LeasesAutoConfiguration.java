package io.expoleads.platform.work;

import net.javacrumbs.shedlock.provider.mongo.MongoLockProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The service's {@link Leases}, in its own database. */
@AutoConfiguration(after = DataMongoAutoConfiguration.class)
public class LeasesAutoConfiguration {

    @Bean
    @ConditionalOnBean(MongoTemplate.class)
    Leases leases(MongoTemplate mongo) {
        return new Leases(new MongoLockProvider(mongo.getDb()));
    }
}
