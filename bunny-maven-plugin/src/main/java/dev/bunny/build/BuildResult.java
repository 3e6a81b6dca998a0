package dev.bunny.build;

import dev.bunny.oci.Digest;
import java.nio.file.Path;
import java.util.List;

/** What a build produced. */
public record BuildResult(Digest manifestDigest, List<String> references, Path layoutDir, Path archiveFile, long archiveSize) {}
