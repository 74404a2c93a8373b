package org.sscard.registration;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.hamcrest.Matchers.equalTo;

/** The sample rosters the README walks an employer through are rosters this service accepts, in both formats. */
@QuarkusTest
class SampleRostersTest {
    static final Path SAMPLES = Path.of("..", "docs", "samples");

    @Test
    void theSampleCsvRegistersEveryoneAndTheSameStaffInTheSampleWorkbookAreAlreadyRegistered() throws Exception {
        String employer = RosterTest.registeredEmployer();
        String csv = RosterTest.upload(employer, "text/csv", Files.readAllBytes(SAMPLES.resolve("roster.csv")), 202);
        RosterTest.completed(employer, csv).body("status", equalTo("COMPLETED")).body("format", equalTo("CSV"))
                .body("totalRows", equalTo(5)).body("rejected", equalTo(0)).body("alreadyRegistered", equalTo(0));
        String xlsx = RosterTest.upload(employer, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                Files.readAllBytes(SAMPLES.resolve("roster.xlsx")), 202);
        RosterTest.completed(employer, xlsx).body("status", equalTo("COMPLETED")).body("format", equalTo("XLSX"))
                .body("totalRows", equalTo(5)).body("rejected", equalTo(0)).body("alreadyRegistered", equalTo(5));
    }
}
