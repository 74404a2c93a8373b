package org.sscard.platform.problem;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One invalid field: its path in the request (or the roster column) and what is wrong with it. */
@Schema(name = "FieldError", description = "One invalid field and what is wrong with it")
public record FieldError(String field, String message) {
}
