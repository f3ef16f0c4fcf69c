package io.ilagent.ilert;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/** The body of an ilert event (schema {@code Event}). Optional fields are {@code null} and left out on the wire. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Event(
        String integrationKey,
        EventType eventType,
        String summary,
        String details,
        String alertKey,
        Priority priority,
        List<Image> images,
        List<Link> links,
        JsonNode customDetails) {

    public Event {
        Objects.requireNonNull(integrationKey, "integrationKey");
        Objects.requireNonNull(eventType, "eventType");
        summary = summary == null ? "" : summary;
        images = images == null ? null : List.copyOf(images);
        links = links == null ? null : List.copyOf(links);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Image(String src, String href, String alt) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Link(String href, String text) {}
}
