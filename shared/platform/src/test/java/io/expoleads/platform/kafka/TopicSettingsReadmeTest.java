package io.expoleads.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.expoleads.events.Topics;
import io.expoleads.platform.kafka.ExpoKafkaProperties.TopicSettings;

/**
 * The README's "Topic settings" table says what the code declares (TopicDefaults, through
 * TopicDeclarations), as docs/asyncapi.yaml does: a number changed in one place only fails here.
 */
class TopicSettingsReadmeTest {

    private static final Pattern NAME = Pattern.compile("`([a-z.*-]+(?:\\.v\\d+)?)`");

    @Test
    void the_readme_topic_table_is_what_the_code_declares() throws IOException {
        String readme = Files.readString(Path.of("../../README.md"));
        String section = readme.substring(readme.indexOf("### Topic settings"));
        List<String> rows = section.lines().takeWhile(line -> !line.startsWith("| other setting"))
                .filter(line -> line.startsWith("| ")).toList();
        List<List<String>> columns = new ArrayList<>();
        for (String header : cells(rows.get(0)).subList(1, cells(rows.get(0)).size())) {
            List<String> names = new ArrayList<>();
            Matcher matcher = NAME.matcher(header);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            columns.add(names);
        }
        TopicDeclarations declarations = new TopicDeclarations(new ExpoKafkaProperties(Map.of(), true, 4,
                Duration.ofMillis(500), Duration.ofSeconds(15)), Map::of);
        int checked = 0;
        for (String row : rows.subList(1, rows.size())) {
            List<String> cells = cells(row);
            String setting = cells.get(0);
            for (int column = 0; column < columns.size(); column++) {
                for (String name : columns.get(column)) {
                    if (name.equals("*.DLT")) {
                        continue;
                    }
                    String topic = name.equals("dead-letters") ? Topics.deadLetter(Topics.SCANS) : name;
                    // The defaults column is every topic's setting where the topic has none of its own.
                    String expected = name.equals("defaults") ? expected(setting, false, TopicDefaults.ALL)
                            : expected(setting, Topics.isCompacted(topic), declarations.configured(topic));
                    if (expected != null) {
                        assertThat(cells.get(column + 1).replace("*", "")).as("README topic settings, %s of %s", setting, name)
                                .isEqualTo(expected);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).as("cells checked").isEqualTo(28);
    }

    private static String expected(String setting, boolean compacted, TopicSettings settings) {
        if (setting.startsWith("`partitions`")) {
            return Integer.toString(settings.partitions());
        }
        if (setting.startsWith("`replicas`")) {
            return Short.toString(settings.replicas());
        }
        if (setting.startsWith("`min-insync-replicas`")) {
            return Integer.toString(settings.minInsyncReplicas());
        }
        if (setting.startsWith("`retention`")) {
            return compacted ? "compacted" : settings.retention().toDays() + "d";
        }
        return null;
    }

    private static List<String> cells(String row) {
        return Arrays.stream(row.substring(1, row.lastIndexOf('|')).split("\\|")).map(String::strip).toList();
    }
}
