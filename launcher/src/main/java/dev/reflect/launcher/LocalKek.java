package dev.reflect.launcher;

import dev.reflect.events.crypto.KeyEncryptionKey;
import dev.reflect.service.config.Env;
import dev.reflect.service.keys.KekSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The key-encryption key of a local run (contract section 9): unless {@code REFLECT_KEK_FILE} or
 * {@code REFLECT_KEK} names one, {@code ./reflect run} uses {@code kek.json} in its data
 * directory, made on the first run (owner-only permissions) and kept, so texts written in one run
 * open in the next. Losing that file makes every stored text unreadable.
 */
final class LocalKek {

    static final String FILE_NAME = "kek.json";

    private LocalKek() {}

    /** The file to set as {@code REFLECT_KEK_FILE}, or empty when the environment already names a KEK. */
    static Optional<Path> ensure(Env env, Path dataDir, Logger log) {
        if (env.optional(KekSettings.FILE_VARIABLE).isPresent()
                || env.optional(KekSettings.VALUE_VARIABLE).isPresent()) {
            return Optional.empty();
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            if (!Files.exists(file)) {
                Path created = Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(created, KeyEncryptionKey.generateJson(), StandardCharsets.UTF_8);
                log.info(
                        "Made a key-encryption key for people's texts in {} (keep it: without it no stored text opens; "
                                + "set {} to use another)",
                        file,
                        KekSettings.FILE_VARIABLE);
            } else {
                log.info("People's texts are sealed with data keys stored under the key-encryption key in {}", file);
            }
        } catch (FileAlreadyExistsException e) {
            // Another run made it a moment ago: use theirs.
        } catch (IOException e) {
            throw new UncheckedIOException("could not make the key-encryption key file " + file, e);
        }
        return Optional.of(file);
    }
}
