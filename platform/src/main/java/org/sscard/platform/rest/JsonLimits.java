package org.sscard.platform.rest;

import org.sscard.platform.text.ControlCharacters;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;

/**
 * Limits on every JSON document the services read (request bodies, events, stored JSON): a maximum nesting depth,
 * string length and document size, enforced by Jackson while it parses, so a hostile document is refused before it
 * costs memory or stack. A string with a control character other than tab, line feed and carriage return is refused
 * too: no NUL or escape sequence reaches the database, a log or a printed card.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {
    private final int maxDepth;
    private final int maxStringLength;
    private final long maxDocumentBytes;

    public JsonLimits(@ConfigProperty(name = "sscard.json.max-depth", defaultValue = "32") int maxDepth,
                      @ConfigProperty(name = "sscard.json.max-string-length", defaultValue = "65536") int maxStringLength,
                      @ConfigProperty(name = "sscard.json.max-document-bytes", defaultValue = "1048576") long maxDocumentBytes) {
        this.maxDepth = maxDepth;
        this.maxStringLength = maxStringLength;
        this.maxDocumentBytes = maxDocumentBytes;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        // a JSON roster keeps its own upload limit: RosterRows lifts the document size on a copy of this factory
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(maxDepth)
                .maxStringLength(maxStringLength)
                .maxDocumentLength(maxDocumentBytes)
                .build());
        mapper.registerModule(new SimpleModule("sscard-json-limits").addDeserializer(String.class, new CleanString()));
    }

    /** A string value with a control character in it. */
    public static class ControlCharacterException extends MismatchedInputException {
        ControlCharacterException(JsonParser p) {
            super(p, "control character in a string value", p.currentLocation());
        }
    }

    static final class CleanString extends StdScalarDeserializer<String> {
        CleanString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = StringDeserializer.instance.deserialize(p, ctxt);
            if (value != null && ControlCharacters.first(value) >= 0) {
                throw new ControlCharacterException(p);
            }
            return value;
        }
    }
}
