package dev.reflect.events.validation;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A fast reading of the date-times clients actually send, {@code 2026-11-26T21:14:00+01:00}, with
 * or without seconds and a fraction, {@code Z} or a {@code ±HH:MM} offset. Anything else, and any
 * text whose fields are out of range, is left to {@link OffsetDateTime#parse}, which stays the
 * judge: this class only ever returns what that method returns for the same text.
 *
 * <p>Why: {@code DateTimeFormatter} parsing was about a tenth of the ingest HTTP threads' time in
 * batch ingest. {@code OffsetDateTimesProperties} holds this class to {@code OffsetDateTime.parse}.
 */
final class OffsetDateTimes {

    private OffsetDateTimes() {}

    /** The date-time {@code OffsetDateTime.parse(text)} gives, or null when the text should go to that method. */
    static OffsetDateTime parseCommonForm(String text) {
        int length = text.length();
        if (length < 17
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        if ((year | month | day | hour | minute) < 0) {
            return null;
        }
        int at = 16;
        int second = 0;
        int nanos = 0;
        if (at < length && text.charAt(at) == ':') {
            second = digits(text, at + 1, 2);
            if (second < 0) {
                return null;
            }
            at += 3;
            if (at < length && text.charAt(at) == '.') {
                int start = ++at;
                while (at < length && at - start < 10 && isDigit(text.charAt(at))) {
                    nanos = nanos * 10 + (text.charAt(at) - '0');
                    at++;
                }
                int count = at - start;
                if (count == 0 || count > 9) {
                    return null;
                }
                for (int i = count; i < 9; i++) {
                    nanos *= 10;
                }
            }
        }
        ZoneOffset offset;
        if (at == length - 1 && text.charAt(at) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (at == length - 6
                && (text.charAt(at) == '+' || text.charAt(at) == '-')
                && text.charAt(at + 3) == ':') {
            int hours = digits(text, at + 1, 2);
            int minutes = digits(text, at + 4, 2);
            if ((hours | minutes) < 0) {
                return null;
            }
            int sign = text.charAt(at) == '-' ? -1 : 1;
            try {
                offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            } catch (DateTimeException e) {
                return null;
            }
        } else {
            return null;
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The value of {@code count} ASCII digits at {@code from}, or -1 if any is not one. */
    private static int digits(String text, int from, int count) {
        if (from + count > text.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
