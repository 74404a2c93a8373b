package org.sscard.registration;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.sscard.infra.DevTokens;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** The outlet registry: administrators maintain it, and every path of an application names one of its open outlets. */
@QuarkusTest
class OutletTest {
    static final String ADMIN = DevTokens.token("admin", "outlet-admin");

    static String newCode() {
        return "110105-T" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
    }

    static String outlet(String name, boolean open) {
        return """
                {"name":"%s","address":"北京市朝阳区示例路 9 号","hours":"Mon-Fri 09:00-17:00","open":%s}
                """.formatted(name, open);
    }

    static void save(String code, String body, int status) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body).put("/api/v1/outlets/" + code)
                .then().statusCode(status);
    }

    static String form(String idNumber, String outlet) {
        return ApplicationResourceTest.body(idNumber).replace("110105-001", outlet);
    }

    @Test
    void anAdministratorRegistersAndChangesOutletsAndEveryChangeIsRecorded() {
        String code = newCode();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(outlet("测试网点", true))
                .put("/api/v1/outlets/" + code).then().statusCode(201)
                .header("Location", containsString("/api/v1/outlets/" + code))
                .body("regionCode", equalTo("110105")).body("open", equalTo(true));
        save(code, outlet("测试网点", true), 200); // the same again changes nothing
        save(code, outlet("测试网点 (新址)", true).replace("9 号", "10 号"), 200);

        String applicant = People.applicant("outlet-reader");
        given().auth().oauth2(applicant).get("/api/v1/outlets/" + code).then().statusCode(200)
                .body("name", equalTo("测试网点 (新址)")).body("address", containsString("10 号"));
        given().auth().oauth2(applicant).queryParam("region", "110105").get("/api/v1/outlets").then().statusCode(200)
                .body("code", hasItem(code)).body("code", hasItem("110105-001")).body("code", not(hasItem("330102-001")));
        given().auth().oauth2(ADMIN).get("/api/v1/outlets/" + code + "/changes").then().statusCode(200)
                .body("change", contains("name, address", "registered"))
                .body("changedBy", contains("outlet-admin", "outlet-admin"));

        // only administrators change the registry; nobody else reads its audit or the closed outlets
        for (String role : new String[]{"applicant", "intake-clerk", "outlet-clerk", "operations", "employer"}) {
            given().auth().oauth2(DevTokens.token(role, "someone")).contentType(ContentType.JSON)
                    .body(outlet("x", false)).put("/api/v1/outlets/" + code).then().statusCode(403);
        }
        given().auth().oauth2(applicant).get("/api/v1/outlets/" + code + "/changes").then().statusCode(403);
        given().auth().oauth2(applicant).queryParam("includeClosed", true).get("/api/v1/outlets").then().statusCode(403);
        given().get("/api/v1/outlets").then().statusCode(401);
    }

    @Test
    void badOutletRequestsAreRefusedWithTheirReason() {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(outlet("x", true))
                .put("/api/v1/outlets/110105001").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"name\":\"\",\"address\":\"a\",\"hours\":\"h\"}")
                .put("/api/v1/outlets/" + newCode()).then().statusCode(400)
                .body("errors.field", hasItem(containsString("name"))).body("errors.field", hasItem(containsString("open")));
        given().auth().oauth2(ADMIN).get("/api/v1/outlets/999999-404").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(ADMIN).queryParam("region", "11010").get("/api/v1/outlets").then().statusCode(400)
                .body("code", equalTo("REGION_CODE_INVALID"));
    }

    @Test
    void anApplicationNamesAnOpenOutletOfTheRegistry() {
        String id = TestIds.next();
        String alice = People.applicant("outlet-alice", id);
        given().auth().oauth2(alice).contentType(ContentType.JSON).body(form(id, "110105-999")).post("/api/v1/applications")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("outletCode"))
                .body("errors.message", hasItem(containsString("GET /api/v1/outlets")));

        String closed = newCode();
        save(closed, outlet("已关闭网点", false), 201);
        given().auth().oauth2(alice).contentType(ContentType.JSON).body(form(id, closed)).post("/api/v1/applications")
                .then().statusCode(400).body("errors.message", hasItem(containsString("is closed")));
        given().auth().oauth2(alice).get("/api/v1/outlets").then().body("code", not(hasItem(closed)));

        // a draft whose outlet closes before it is submitted is refused, and can name another outlet afresh
        String closing = newCode();
        save(closing, outlet("即将关闭网点", true), 201);
        String draft = MaterialsTest.draft(alice, form(id, closing));
        save(closing, outlet("即将关闭网点", false), 200);
        given().auth().oauth2(alice).post("/api/v1/applications/" + draft + "/submission").then().statusCode(400)
                .body("errors.field", contains("outletCode"));
        given().auth().oauth2(ADMIN).get("/api/v1/outlets/" + closing + "/changes").then()
                .body("change[0]", equalTo("closed"));
    }

    @Test
    void aRosterRowNamingAnUnknownOrClosedOutletIsRejectedForThatRow() {
        String closed = newCode();
        save(closed, outlet("已关闭网点", false), 201);
        String employer = RosterTest.registeredEmployer();
        String csv = String.join("\r\n",
                "姓名,身份证号,手机号,领卡网点",
                "张三," + TestIds.next() + ",13800138000,110105-001",
                "李四," + TestIds.next() + ",13800138000,110105-998",
                "王五," + TestIds.next() + ",13800138000," + closed) + "\r\n";
        String roster = RosterTest.upload(employer, "text/csv", csv.getBytes(StandardCharsets.UTF_8), 202);
        RosterTest.completed(employer, roster).body("status", equalTo("COMPLETED"))
                .body("accepted", equalTo(1)).body("rejected", equalTo(2));
        given().auth().oauth2(DevTokens.token("employer", employer)).get("/api/v1/rosters/" + roster + "/results")
                .then().statusCode(200).body("rowNumber", contains(3, 4))
                .body("find { it.rowNumber == 3 }.errors[0].field", equalTo("outletCode"))
                .body("find { it.rowNumber == 4 }.errors[0].field", equalTo("outletCode"));
    }
}
