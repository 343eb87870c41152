package io.centinela.sigma.eval;

import java.time.LocalDateTime;
import java.time.temporal.IsoFields;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The time-part modifiers (minute, hour, day, week, month, year) applied to an ISO-8601-like timestamp. */
public enum TimePart {
    MINUTE, HOUR, DAY, WEEK, MONTH, YEAR;

    private static final Pattern TS = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.\\d+)?)?)?.*");

    /** The part as a number, or -1 when the value is not a timestamp. Time zones are not converted. */
    public int extract(String value) {
        Matcher m = TS.matcher(value);
        if (!m.matches()) {
            return -1;
        }
        try {
            int year = Integer.parseInt(m.group(1));
            int month = Integer.parseInt(m.group(2));
            int day = Integer.parseInt(m.group(3));
            int hour = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
            int minute = m.group(5) == null ? 0 : Integer.parseInt(m.group(5));
            LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute);
            return switch (this) {
                case MINUTE -> t.getMinute();
                case HOUR -> t.getHour();
                case DAY -> t.getDayOfMonth();
                case WEEK -> t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
                case MONTH -> t.getMonthValue();
                case YEAR -> t.getYear();
            };
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
