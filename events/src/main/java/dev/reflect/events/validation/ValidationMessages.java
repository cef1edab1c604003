package dev.reflect.events.validation;

import dev.reflect.events.EventRules;
import dev.reflect.events.FieldError;

/**
 * The fixed wording of {@link FieldError} messages. Every message names the broken rule and
 * none embeds a submitted value: the values are mental-health data and error bodies end up in
 * client logs, proxies and dead-letter headers. Range, length and enum messages are built from the
 * schema's limits alone (e.g. {@code must be between 0 and 10}, {@code must be one of ...}).
 */
public final class ValidationMessages {

    public static final String NOT_JSON = "is not valid JSON";
    public static final String NOT_AN_OBJECT = "must be a JSON object";
    public static final String REQUIRED = "is required";
    public static final String BLANK = "must not be blank";
    public static final String UNKNOWN_FIELD = "is not allowed (unknown field)";
    public static final String SET_BY_SERVER = "is not allowed (set by the server)";
    public static final String USER_MISMATCH = "must match the authenticated user";
    public static final String NOT_A_DATE_TIME =
            "must be an ISO-8601 date-time with an offset, e.g. 2026-11-26T21:14:00+01:00";
    public static final String MISSING_OFFSET = "must include a UTC offset, e.g. +01:00 or Z";
    public static final String OUT_OF_EPOCH = "must lie between the years 1970 and 9999";
    public static final String TOO_FAR_AHEAD =
            "must not be more than " + EventRules.MAX_FUTURE_SKEW.toMinutes() + " minutes in the future";
    public static final String TOO_OLD = "must not be more than " + EventRules.MAX_AGE.toDays() + " days in the past";
    public static final String TEXT_OR_THOUGHT_RECORD = "is required unless a thoughtRecord is given";
    public static final String BLANK_TEXT_WITHOUT_THOUGHT_RECORD = "must not be blank unless a thoughtRecord is given";

    public static final String SEALED_AND_CLEAR = "is sealed and in clear at once";
    public static final String NOT_A_SEALED_TEXT = "must be a sealed text (base64url of a ciphertext)";
    public static final String SEALED_WITHOUT_RECORD = "is sealed but the event has no thoughtRecord";

    private ValidationMessages() {}
}
