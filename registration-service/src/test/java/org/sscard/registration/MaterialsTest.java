package org.sscard.registration;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.sscard.infra.DevTokens;
import org.sscard.infra.SampleFiles;

import java.security.MessageDigest;
import java.util.HexFormat;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/** Drafts, materials (hash, sniffed type, size, photo spec) and submission that refuses what is incomplete. */
@QuarkusTest
class MaterialsTest {

    static String form(String idNumber) {
        return """
                {"category":"RESIDENT","name":"王芳","idNumber":"%s","phone":"13800138000","outletCode":"110105-001"}
                """.formatted(idNumber);
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token);
    }

    static String draft(String token, String body) {
        return as(token).contentType(ContentType.JSON).body(body).post("/api/v1/applications/drafts")
                .then().statusCode(201).body("status", equalTo("DRAFT")).extract().path("id");
    }

    static void attach(String token, String app, String kind, byte[] file, int status) {
        as(token).contentType("application/octet-stream").body(file)
                .put("/api/v1/applications/" + app + "/materials/" + kind).then().statusCode(status);
    }

    @Test
    void aDraftIsSubmittedOnlyOnceItsMaterialsAreComplete() throws Exception {
        String id = TestIds.next();
        String alice = People.applicant("mat-alice", id);
        String app = draft(alice, form(id));
        as(alice).get("/api/v1/applications/" + app).then().statusCode(200)
                .body("missingMaterials.requirement", contains("IDENTITY_DOCUMENT", "PHOTO"));

        as(alice).post("/api/v1/applications/" + app + "/submission").then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("MATERIALS_MISSING"))
                .body("errors.field", contains("IDENTITY_DOCUMENT", "PHOTO"))
                .body("detail", containsString("photo"));

        byte[] photo = SampleFiles.photo();
        // the client's Content-Type is not believed: the PNG is recorded as image/png
        as(alice).contentType("image/jpeg").body(SampleFiles.png())
                .put("/api/v1/applications/" + app + "/materials/ID_FRONT").then().statusCode(200)
                .body("contentType", equalTo("image/png"));
        attach(alice, app, "ID_BACK", SampleFiles.pdf(), 200);
        as(alice).contentType("image/jpeg").body(photo).put("/api/v1/applications/" + app + "/materials/PHOTO")
                .then().statusCode(200)
                .body("sha256", equalTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(photo))))
                .body("width", equalTo(358)).body("height", equalTo(441)).body("bitDepth", equalTo(24));

        as(alice).post("/api/v1/applications/" + app + "/submission").then().statusCode(200)
                .body("status", equalTo("SUBMITTED"))
                .body("missingMaterials", empty())
                .body("materials.kind", containsInAnyOrder("ID_BACK", "ID_FRONT", "PHOTO"))
                .body("timeline.event", hasItem("ApplicationSubmitted"));

        // submitted: materials are locked until review asks for more
        attach(alice, app, "PHOTO", photo, 409);
        as(alice).post("/api/v1/applications/" + app + "/submission").then().statusCode(409).body("code", equalTo("NOT_A_DRAFT"));

        byte[] opened = as(alice).get("/api/v1/applications/" + app + "/materials/PHOTO").then().statusCode(200)
                .contentType("image/jpeg").header("X-Content-Type-Options", "nosniff")
                .extract().asByteArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(photo, opened);
        as(DevTokens.token("reviewer", "mat-rita")).get("/api/v1/applications/" + app + "/materials/PHOTO").then().statusCode(200);
        as(People.applicant("mat-mallory")).get("/api/v1/applications/" + app + "/materials/PHOTO").then().statusCode(404);
        as(People.applicant("mat-mallory")).contentType("image/jpeg").body(photo)
                .put("/api/v1/applications/" + app + "/materials/PHOTO").then().statusCode(404);
    }

    @Test
    void aPhotoOutsideTheSpecIsRefusedSayingWhatIsWrong() {
        String id = TestIds.next();
        String alice = People.applicant("mat-alice", id);
        String app = draft(alice, form(id));
        as(alice).contentType("image/jpeg").body(SampleFiles.jpeg(400, 500, true))
                .put("/api/v1/applications/" + app + "/materials/PHOTO").then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("PHOTO_SPEC_NOT_MET"))
                .body("detail", containsString("400 × 500 px; it must be 358 × 441 px"));
        as(alice).contentType("image/jpeg").body(SampleFiles.jpeg(358, 441, false))
                .put("/api/v1/applications/" + app + "/materials/PHOTO").then().statusCode(422)
                .body("detail", containsString("24-bit colour"));
        as(alice).contentType("image/jpeg").body(SampleFiles.png())
                .put("/api/v1/applications/" + app + "/materials/PHOTO").then().statusCode(422)
                .body("detail", containsString("JPEG"));
        as(alice).contentType("image/jpeg").body("just text, whatever the header says".getBytes())
                .put("/api/v1/applications/" + app + "/materials/ID_FRONT").then().statusCode(415)
                .body("code", equalTo("UNSUPPORTED_MATERIAL_TYPE"));
        as(alice).contentType("image/jpeg").body(new byte[200 * 1024])
                .put("/api/v1/applications/" + app + "/materials/PHOTO").then().statusCode(413)
                .body("code", equalTo("MATERIAL_TOO_LARGE"));
        as(alice).contentType("image/jpeg").body(new byte[0])
                .put("/api/v1/applications/" + app + "/materials/PHOTO").then().statusCode(400);
        as(alice).contentType("image/jpeg").body(SampleFiles.photo())
                .put("/api/v1/applications/" + app + "/materials/SELFIE").then().statusCode(400)
                .body("code", equalTo("UNKNOWN_MATERIAL_KIND"));
        as(alice).get("/api/v1/applications/" + app).then().body("materials", hasSize(0));
    }

    @Test
    void oneCallSubmitsWithMaterialsOrKeepsNothing() {
        String id = TestIds.next();
        String alice = People.applicant("mat-alice", id);
        as(alice).multiPart("application", "application.json", form(id).getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json")
                .multiPart("ID_FRONT", "front.png", SampleFiles.png(), "image/png")
                .multiPart("ID_BACK", "back.png", SampleFiles.png(), "image/png")
                .post("/api/v1/applications").then().statusCode(422).body("code", equalTo("MATERIALS_MISSING"))
                .body("errors.field", contains("PHOTO"));
        as(DevTokens.token("intake-clerk", "mat-clerk")).queryParam("idNumber", id).get("/api/v1/applications")
                .then().statusCode(200).body("", hasSize(0));

        as(alice).multiPart("application", "application.json", form(id).getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json")
                .multiPart("ID_FRONT", "front.png", SampleFiles.png(), "image/png")
                .multiPart("ID_BACK", "back.png", SampleFiles.png(), "image/png")
                .multiPart("PHOTO", "photo.jpg", SampleFiles.photo(), "image/jpeg")
                .post("/api/v1/applications").then().statusCode(201)
                .body("status", equalTo("SUBMITTED")).body("materials", hasSize(3));
    }

    @Test
    void aChildUnderThePhotoAgeNeedsAGuardianButNoPhoto() {
        String child = TestIds.born(java.time.LocalDate.now().minusYears(5));
        String guardian = TestIds.next();
        String alice = People.applicant("mat-alice", guardian);
        String body = """
                {"category":"CHILD","name":"王小明","idNumber":"%s","phone":"13800138000","outletCode":"110105-001",
                 "guardianName":"王芳","guardianIdNumber":"%s"}""".formatted(child, guardian);
        String app = draft(alice, body);
        as(alice).get("/api/v1/applications/" + app).then()
                .body("missingMaterials.requirement", contains("IDENTITY_DOCUMENT", "GUARDIAN_ID", "RELATIONSHIP_PROOF"));
        attach(alice, app, "HOUSEHOLD_REGISTER", SampleFiles.pdf(), 200);
        attach(alice, app, "GUARDIAN_ID", SampleFiles.png(), 200);
        attach(alice, app, "RELATIONSHIP_PROOF", SampleFiles.pdf(), 200);
        as(alice).post("/api/v1/applications/" + app + "/submission").then().statusCode(200).body("status", equalTo("SUBMITTED"));
    }
}
