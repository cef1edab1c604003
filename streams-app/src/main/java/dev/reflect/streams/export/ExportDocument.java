package dev.reflect.streams.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.reflect.events.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * A person's export ({@code GET /v1/me/export}, contract section 9):
 * {@code {"format":"reflect-export/v1","userId","exportedAt", <section>: …}}, written section by
 * section onto the response as it streams, so no copy of the whole document is ever built.
 *
 * <p>Holds the person's data until written; never logged ({@link #toString()} names no one).
 */
public final class ExportDocument {

    /** The document's format; a reader checks it before anything else. */
    public static final String FORMAT = "reflect-export/v1";

    private final List<ExportSection> sections;
    private final ExportSource source;

    public ExportDocument(List<ExportSection> sections, ExportSource source) {
        this.sections = List.copyOf(sections);
        this.source = Objects.requireNonNull(source, "source");
    }

    /** With every section of {@link ExportSections#ALL}. */
    public static ExportDocument of(ExportSource source) {
        return new ExportDocument(ExportSections.ALL, source);
    }

    /** {@code reflect-export-YYYY-MM-DD.json}, the UTC day of the export. */
    public String fileName() {
        return "reflect-export-" + source.exportedAt().atOffset(ZoneOffset.UTC).toLocalDate() + ".json";
    }

    /** Writes the document to {@code out} as UTF-8 JSON, flushing it at the end; does not close {@code out}. */
    public void writeTo(OutputStream out) throws IOException {
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            write(json);
        }
    }

    /** Writes the document as one JSON object to {@code out}. */
    public void write(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("format", FORMAT);
        out.writeStringField("userId", source.userId());
        out.writeStringField("exportedAt", source.exportedAt().toString());
        for (ExportSection section : sections) {
            out.writeFieldName(section.name());
            section.write(out, source);
        }
        out.writeEndObject();
    }

    @Override
    public String toString() {
        return "ExportDocument[" + sections.size() + " sections]";
    }
}
