package dev.reflect.events.validation;

/**
 * Where the JSON Schemas (draft 2020-12) of the input events live on the classpath, for anyone
 * who wants to publish them (an OpenAPI document, client generators). {@link EventParser}
 * validates with these very files, so they cannot drift from what the pipeline accepts.
 */
public final class EventSchemas {

    public static final String CHECK_IN = "schemas/check-in.schema.json";
    public static final String JOURNAL_ENTRY = "schemas/journal-entry.schema.json";
    /** Not a client body: what the services write to {@code reflect.sharing.v1}. */
    public static final String SHARING_CHANGE = "schemas/sharing-change.schema.json";

    public static final String MEASURE = "schemas/measure.schema.json";

    private EventSchemas() {}
}
