package org.sscard.registration.rest;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Multipart parts, which Quarkus has already written to a temporary file. */
final class Uploads {
    private Uploads() {
    }

    static byte[] read(FileUpload file) {
        try {
            return Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
