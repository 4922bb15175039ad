package io.expoleads.exhibitor.booth;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** A booth as the organizer describes it, from JSON or a CSV row; checked before it is stored. */
record BoothSpec(String code, String hall, Double area, String category) {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,19}");
    private static final double MAX_AREA = 10_000;

    List<BoothImport.Rejection> problems(int row, List<String> halls) {
        List<BoothImport.Rejection> problems = new ArrayList<>();
        if (code == null || !CODE.matcher(code.strip()).matches()) {
            problems.add(new BoothImport.Rejection(row, "code", "must be 1 to 20 letters, digits, '.', '_' or '-'"));
        }
        if (hall == null || hall.isBlank() || hall.length() > 50) {
            problems.add(new BoothImport.Rejection(row, "hall", "is required (at most 50 characters)"));
        } else if (!halls.isEmpty() && !halls.contains(hall.strip())) {
            problems.add(new BoothImport.Rejection(row, "hall", "is not a hall of this edition: " + halls));
        }
        if (area == null || area.isNaN() || area <= 0 || area > MAX_AREA) {
            problems.add(new BoothImport.Rejection(row, "area", "must be a number of square metres above 0, at most " + (int) MAX_AREA));
        }
        if (category != null && category.length() > 50) {
            problems.add(new BoothImport.Rejection(row, "category", "is longer than 50 characters"));
        }
        return problems;
    }
}
