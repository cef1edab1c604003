package dev.reflect.events.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What an event schema says about a body's structure, reported as {@link Problems}. */
interface StructureRules {

    void validate(ObjectNode event, Problems problems);
}
