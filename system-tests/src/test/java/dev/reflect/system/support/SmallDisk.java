package dev.reflect.system.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small file system of its own (a {@code tmpfs} of a fixed size mounted on a test directory),
 * for a broker's log directory that can really run out of space: writes then fail with
 * {@code ENOSPC} ("No space left on device"), as on a full disk. {@link #fillLeaving} takes all but
 * a little of the space with a ballast file; {@link #free} deletes it, which is the space coming
 * back. Mounting needs root (or {@code CAP_SYS_ADMIN}); {@link #mountable(Path)} says whether this
 * machine allows it.
 */
public final class SmallDisk implements AutoCloseable {

    private static final int MIB = 1024 * 1024;

    private final Path dir;
    private final Path ballast;

    private SmallDisk(Path dir) {
        this.dir = dir;
        this.ballast = dir.resolve("ballast");
    }

    /** Mounts a {@code tmpfs} of {@code mebibytes} MiB on {@code dir} (created if missing). */
    public static SmallDisk mount(Path dir, int mebibytes) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m,mode=0700", "tmpfs", dir.toString()));
        return new SmallDisk(dir);
    }

    /** Whether this process may mount file systems: tries a 1 MiB tmpfs under {@code scratch}. */
    public static boolean mountable(Path scratch) {
        try {
            SmallDisk probe = mount(scratch.resolve("mount-probe"), 1);
            probe.close();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Where the file system is mounted: the directory to give the broker. */
    public Path dir() {
        return dir;
    }

    /** Bytes still free. */
    public long freeBytes() {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a ballast file until between {@code mebibytes} and one more MiB are left. */
    public void fillLeaving(int mebibytes) {
        byte[] chunk = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (freeBytes() >= (long) (mebibytes + 1) * MIB) {
                out.write(chunk);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not fill " + dir, e);
        }
    }

    /** The space comes back: the ballast goes. */
    public void free() {
        try {
            Files.deleteIfExists(ballast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unmounts it (lazily, should a file still be open); what was on it is gone. */
    @Override
    public void close() {
        run(List.of("umount", "-l", dir.toString()));
    }

    private static void run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
