package org.sscard.registration.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.sscard.platform.problem.FieldError;
import org.sscard.registration.domain.Roster;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public final class RosterViews {
    @Schema(name = "RosterJob", description = "A roster upload and how far its processing has got")
    public record View(UUID id, String employerId, String format, String fileName,
                       @Schema(description = "RECEIVED, PROCESSING, COMPLETED or FAILED") String status,
                       @Schema(description = "Data rows in the file, known once processing has started") Integer totalRows,
                       int rowsDone, int accepted, int rejected,
                       @Schema(description = "Rows for people who already have an application or a card") int alreadyRegistered,
                       @Schema(description = "Accepted rows of employees hired more than 30 days ago") int late,
                       int photosAttached,
                       @Schema(description = "Why the whole file could not be read (FAILED)") String failure,
                       Instant uploadedAt, Instant finishedAt,
                       @Schema(description = "Per-row results") String resultsPath,
                       @Schema(description = "The rejected rows as CSV, to fix and upload again") String rejectedRowsPath) {
        public static View of(Roster r) {
            return new View(r.id, r.employerId, r.format, r.fileName, r.status.name(), r.totalRows, r.rowsDone,
                    r.accepted, r.rejected, r.alreadyRegistered, r.late, r.photosAttached, r.failure, r.uploadedAt,
                    r.finishedAt, "/api/v1/rosters/" + r.id + "/results", "/api/v1/rosters/" + r.id + "/rejected-rows");
        }
    }

    @Schema(description = "A row that was not simply accepted: REJECTED, ALREADY_REGISTERED, LATE (accepted, flagged) "
            + "or PHOTO_REFUSED (accepted without the photo)")
    public record RowResult(int rowNumber, String outcome, List<FieldError> errors, UUID applicationId) {
    }

    private RosterViews() {
    }
}
