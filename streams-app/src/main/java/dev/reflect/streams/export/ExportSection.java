package dev.reflect.streams.export;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * One part of a person's export ({@code GET /v1/me/export}, contract section 9): a named field of
 * the document, written straight onto the response as it streams. A part of the app that keeps
 * something about a person adds its section to {@link ExportSections#ALL} (and its row to
 * {@code docs/data-map.md}).
 */
public interface ExportSection {

    /** The field of the export document this section fills. */
    String name();

    /** Writes the section's value (an object or an array) for the person of {@code source}. */
    void write(JsonGenerator out, ExportSource source) throws IOException;
}
