package org.sscard.review.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;

/** Due times in working days: weekends and the configured holidays do not count. */
public final class WorkingDays {
    /** China Standard Time: a province's working day. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    public static Instant addWorkingDays(Instant from, int days, Collection<LocalDate> holidays) {
        ZonedDateTime t = from.atZone(ZONE);
        int added = 0;
        while (added < days) {
            t = t.plusDays(1);
            if (isWorkingDay(t.toLocalDate(), holidays)) {
                added++;
            }
        }
        return t.toInstant();
    }

    public static boolean isWorkingDay(LocalDate d, Collection<LocalDate> holidays) {
        return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY && !holidays.contains(d);
    }

    private WorkingDays() {
    }
}
