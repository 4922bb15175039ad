package io.expoleads.leadfiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON Lines of leads read back with Jackson: one typed object per lead, the answers grouped, times with their offset. */
class JsonlLeadWriterTest {

    @Test
    void every_member_of_every_lead_reads_back_typed_in_column_order() throws IOException {
        String text = new String(SampleLeads.written(ExportFormat.JSONL, SampleLeads.ELODIE, SampleLeads.YOUSSEF),
                StandardCharsets.UTF_8);
        assertThat(text).endsWith("}\n").doesNotStartWith("\uFEFF");
        List<String> lines = Arrays.asList(text.split("\n"));
        assertThat(lines).hasSize(2);
        JsonMapper json = JsonMapper.builder().build();

        Map<String, Object> elodie = new LinkedHashMap<>();
        elodie.put("registrationId", "R-1");
        elodie.put("firstName", "Élodie");
        elodie.put("lastName", "Benali");
        elodie.put("company", "Société Générale, \"Casa\"");
        elodie.put("phone", "+212600000001");
        elodie.put("email", "elodie@sg.ma");
        elodie.put("country", "MA");
        elodie.put("rating", 4);
        elodie.put("answers", Map.of("products", List.of("fleet", "data"), "budget", true, "urgency", 5,
                "remarks", SampleLeads.FORMULA, "rating", 3));
        elodie.put("tags", List.of("-x", "vip"));
        elodie.put("notes", List.of("amine: Très intéressée", "salma: wants a demo\nnext week"));
        elodie.put("scannedBy", List.of("amine", "salma"));
        elodie.put("firstScanAt", "2026-11-24T09:05:00+01:00");
        elodie.put("lastScanAt", "2026-11-26T00:30:00+01:00");
        elodie.put("scanCount", 3);
        elodie.put("source", "BADGE");
        elodie.put("leadId", "lead-1");
        assertThat(read(json, lines.get(0))).containsExactlyEntriesOf(elodie);

        Map<String, Object> youssefAnswers = new LinkedHashMap<>();
        youssefAnswers.put("products", List.of("maps"));
        youssefAnswers.put("budget", false);
        youssefAnswers.put("urgency", null);
        youssefAnswers.put("remarks", null);
        youssefAnswers.put("rating", null);
        Map<String, Object> youssef = new LinkedHashMap<>();
        youssef.put("registrationId", "R-2");
        youssef.put("firstName", "يوسف");
        youssef.put("lastName", "العلوي");
        youssef.put("company", "مجموعة الدار البيضاء");
        youssef.put("phone", null);
        youssef.put("email", null);
        youssef.put("country", "MA");
        youssef.put("rating", null);
        youssef.put("answers", youssefAnswers);
        youssef.put("tags", List.of());
        youssef.put("notes", List.of());
        youssef.put("scannedBy", List.of("salma"));
        youssef.put("firstScanAt", "2026-03-01T10:00:00Z");
        youssef.put("lastScanAt", "2026-03-01T10:00:00Z");
        youssef.put("scanCount", 1);
        youssef.put("source", "LOOKUP");
        youssef.put("leadId", "lead-2");
        Map<String, Object> read = read(json, lines.get(1));
        assertThat(read).containsExactlyEntriesOf(youssef);
        assertThat(new ArrayList<Object>(((Map<?, ?>) read.get("answers")).keySet()))
                .containsExactly("products", "budget", "urgency", "remarks", "rating");
    }

    /** One line as Jackson reads it untyped: members in their order, numbers as integers, arrays as lists. */
    private static Map<String, Object> read(JsonMapper json, String line) {
        return json.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }
}
