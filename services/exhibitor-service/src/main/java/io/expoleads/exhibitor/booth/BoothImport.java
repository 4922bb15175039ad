package io.expoleads.exhibitor.booth;

import java.util.List;

/** What a booth inventory upload did, row by row. */
record BoothImport(int rows, int created, int updated, List<Rejection> rejected) {

    record Rejection(int row, String field, String reason) {
    }
}
