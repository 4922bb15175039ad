package io.expoleads.lead.lead;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.expoleads.events.QualificationForm;
import io.expoleads.events.QualificationForm.Question;
import tools.jackson.databind.JsonNode;

/**
 * Checks answers against one version of an exhibitor's qualification form and turns them into
 * plain values: text for single choices and free text, a list of texts for multiple choices, a
 * number for scales, true or false for yes/no questions. A null answer removes a former one.
 * Required questions are the scanner's to insist on: a lead may be qualified in steps.
 */
public final class Answers {

    static final int MAX_FREE_TEXT = 2000;
    private static final Pattern CONTROL_BUT_LINE_BREAKS = Pattern.compile("[\\p{Cc}&&[^\\n\\r\\t]]");

    /** Answers as they should be stored, or the problems that refuse them, by JSON path. */
    public record Checked(Map<String, Object> values, Map<String, String> problems) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private Answers() {
    }

    public static Checked check(QualificationForm form, Map<String, JsonNode> answers, String path) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        Map<String, Question> questions = new LinkedHashMap<>();
        form.questions().forEach(question -> questions.put(question.key(), question));
        answers.forEach((key, answer) -> {
            String field = path + "." + key;
            Question question = questions.get(key);
            if (question == null) {
                problems.put(field, "is not a question of form version " + form.version());
                return;
            }
            if (answer == null || answer.isNull()) {
                values.put(key, null);
                return;
            }
            switch (question.type()) {
                case SINGLE_CHOICE -> {
                    if (!answer.isString() || !question.options().contains(answer.asString())) {
                        problems.put(field, "must be one of " + question.options());
                    } else {
                        values.put(key, answer.asString());
                    }
                }
                case MULTIPLE_CHOICE -> {
                    List<String> chosen = new ArrayList<>();
                    boolean valid = answer.isArray();
                    if (valid) {
                        for (JsonNode option : answer) {
                            valid &= option.isString() && question.options().contains(option.asString());
                            if (valid) {
                                chosen.add(option.asString());
                            }
                        }
                    }
                    if (!valid) {
                        problems.put(field, "must be a list of options among " + question.options());
                    } else {
                        values.put(key, List.copyOf(new LinkedHashSet<>(chosen)));
                    }
                }
                case FREE_TEXT -> {
                    if (!answer.isString() || answer.asString().isBlank()) {
                        problems.put(field, "must be a text");
                    } else if (answer.asString().length() > MAX_FREE_TEXT) {
                        problems.put(field, "must be at most " + MAX_FREE_TEXT + " characters");
                    } else if (CONTROL_BUT_LINE_BREAKS.matcher(answer.asString()).find()) {
                        problems.put(field, "contains control characters");
                    } else {
                        values.put(key, answer.asString().strip());
                    }
                }
                case SCALE_1_TO_5 -> {
                    if (!answer.isIntegralNumber() || !answer.canConvertToInt() || answer.asInt() < 1 || answer.asInt() > 5) {
                        problems.put(field, "must be a whole number from 1 to 5");
                    } else {
                        values.put(key, answer.asInt());
                    }
                }
                case YES_NO -> {
                    if (!answer.isBoolean()) {
                        problems.put(field, "must be true or false");
                    } else {
                        values.put(key, answer.asBoolean());
                    }
                }
            }
        });
        return new Checked(values, problems);
    }

    /** Tags as stored: trimmed, at most 40 characters each, at most 20 on a lead. */
    public static Set<String> tags(List<String> tags, String path, Map<String, String> problems) {
        Set<String> clean = new LinkedHashSet<>();
        if (tags == null) {
            return clean;
        }
        if (tags.size() > Lead.MAX_TAGS) {
            problems.put(path, "at most " + Lead.MAX_TAGS + " tags");
            return clean;
        }
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tag == null || tag.isBlank() || tag.strip().length() > 40 || CONTROL_BUT_LINE_BREAKS.matcher(tag).find()
                    || tag.contains("\n") || tag.contains("\r")) {
                problems.put(path + "[" + i + "]", "a tag is a text of 1 to 40 characters on one line");
            } else {
                clean.add(tag.strip());
            }
        }
        return clean;
    }
}
