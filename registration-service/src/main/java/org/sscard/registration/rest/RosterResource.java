package org.sscard.registration.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.rest.Problem;
import org.sscard.platform.security.Caller;
import org.sscard.platform.security.Roles;
import org.sscard.registration.service.RosterService;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/rosters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Rosters", description = "Employer bulk registration: upload a roster, follow the job, fetch rejected rows")
@SecurityRequirement(name = "jwt")
public class RosterResource {
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final RosterService service;
    private final Caller caller;

    public RosterResource(RosterService service, Caller caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes({"text/csv", MediaType.APPLICATION_JSON, XLSX, MediaType.APPLICATION_OCTET_STREAM})
    @RolesAllowed(Roles.EMPLOYER)
    @Operation(summary = "Upload a roster", description = "The body is the file: CSV (UTF-8, header row), a JSON array "
            + "of objects, or an .xlsx workbook (first sheet, header row). The format is read from the content. Columns: "
            + "name, idNumber, phone, outletCode (required), hiredOn, category (EMPLOYEE, FOREIGNER, HK_MACAO_TAIWAN, "
            + "STUDENT), sex, email, language, preferredChannel, applicantId; common Chinese headings (姓名, 身份证号, "
            + "手机号, 领卡网点, 入职日期) work too. Answers 202 with the job at once; the same file or Idempotency-Key "
            + "again answers 200 with the first job and registers nothing twice.")
    @APIResponse(responseCode = "202", description = "Accepted; Location names the job",
            content = @Content(schema = @Schema(implementation = RosterViews.View.class)))
    @APIResponse(responseCode = "200", description = "The same upload was received before: its job",
            content = @Content(schema = @Schema(implementation = RosterViews.View.class)))
    @APIResponse(responseCode = "422", description = "Employer not registered, or the key was used for another file",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response upload(byte[] body,
                           @Parameter(description = "A key of the client's choosing; a retry with it never registers twice")
                           @HeaderParam("Idempotency-Key") @Size(max = 100) @Pattern(regexp = "^[\\x21-\\x7e]*$") String key,
                           @QueryParam("fileName") @Size(max = 200) String fileName) {
        return answer(service.upload(body, null, fileName, key, caller));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.EMPLOYER)
    @Operation(summary = "Upload a roster with a ZIP of photos", description = "Part `roster` is the file as above; "
            + "part `photos` a ZIP of JPEG photos named by ID number (11010519491231002X.jpg). A photo that misses the "
            + "spec is reported for its row; the row is still registered and review asks for a new photo.")
    @APIResponse(responseCode = "202", description = "Accepted",
            content = @Content(schema = @Schema(implementation = RosterViews.View.class)))
    public Response uploadWithPhotos(@RestForm("roster") FileUpload roster, @RestForm("photos") FileUpload photos,
                                     @HeaderParam("Idempotency-Key") @Size(max = 100) @Pattern(regexp = "^[\\x21-\\x7e]*$") String key) {
        if (roster == null) {
            throw DomainException.invalid("ROSTER_MISSING", "The part 'roster' with the roster file is required");
        }
        return answer(service.upload(Uploads.read(roster), photos == null ? null : Uploads.read(photos), roster.fileName(), key, caller));
    }

    private static Response answer(RosterService.Received received) {
        URI location = URI.create("/api/v1/rosters/" + received.roster().id);
        return Response.status(received.repeated() ? 200 : 202).location(location).entity(RosterViews.View.of(received.roster())).build();
    }

    @GET
    @RolesAllowed({Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "List rosters", description = "An employer sees its own, newest first; staff may filter by employer.")
    public List<RosterViews.View> listRosters(@QueryParam("employerId") String employerId,
                                       @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                       @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return service.list(caller, employerId, page, size).stream().map(RosterViews.View::of).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "A roster job: status, progress (rowsDone / totalRows) and counts")
    @APIResponse(responseCode = "404", description = "No such roster, or not yours",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "200", description = "The job: status, progress and counts",
            content = @Content(schema = @Schema(implementation = RosterViews.View.class)))
    public RosterViews.View getRoster(@PathParam("id") UUID id) {
        return RosterViews.View.of(service.get(id, caller));
    }

    @GET
    @Path("/{id}/results")
    @RolesAllowed({Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "Per-row results", description = "Rows not simply accepted, by row number, each with the field "
            + "and the message; filter by outcome (REJECTED, ALREADY_REGISTERED, LATE, PHOTO_REFUSED).")
    public List<RosterViews.RowResult> results(@PathParam("id") UUID id,
                                               @QueryParam("outcome") @Pattern(regexp = "^(REJECTED|ALREADY_REGISTERED|LATE|PHOTO_REFUSED)$") String outcome,
                                               @QueryParam("page") @DefaultValue("0") @Min(0) int page,
                                               @QueryParam("size") @DefaultValue("100") @Min(1) @Max(500) int size) {
        return service.results(id, outcome, page, size, caller).stream()
                .map(r -> new RosterViews.RowResult(r.rowNumber(), r.outcome(), r.errors(), r.applicationId())).toList();
    }

    @GET
    @Path("/{id}/rejected-rows")
    @Produces("text/csv")
    @RolesAllowed({Roles.EMPLOYER, Roles.INTAKE_CLERK, Roles.OPERATIONS, Roles.ADMIN})
    @Operation(summary = "The rejected rows as CSV", description = "The employer's header and rows with an added "
            + "errors column; fix them and upload the file again (the errors column is ignored).")
    public Response rejectedRows(@PathParam("id") UUID id) {
        service.get(id, caller); // 404 before the stream starts
        StreamingOutput body = out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            service.writeRejectedRows(id, caller, writer);
            writer.flush();
        };
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"rejected-rows-" + id + ".csv\"").build();
    }
}
