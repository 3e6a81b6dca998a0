package dev.bunny.source;

import dev.bunny.build.BuildFailure;
import dev.bunny.oci.Descriptor;
import dev.bunny.oci.Digest;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the documents and blobs of one source image come from: an OCI layout, an OCI archive or
 * a registry (through the pull cache). Everything returned is checked against its digest.
 */
interface ContentSource extends Closeable {

  /**
   * A manifest or index.
   *
   * @param mediaType the type it was listed or served with; null when unknown
   */
  record Document(byte[] bytes, String mediaType, Digest digest) {}

  /** The manifest or index the reference names. */
  Document root() throws BuildFailure, IOException;

  /** A manifest or index an index lists. */
  byte[] manifest(Descriptor descriptor) throws BuildFailure, IOException;

  /** The config blob. */
  byte[] config(Descriptor descriptor) throws BuildFailure, IOException;

  /** The layer blobs, in order, as verified files. */
  List<Path> layers(List<Descriptor> layers) throws BuildFailure, IOException;

  @Override
  void close();

  /** {@code bytes} if they are what {@code d} describes; else a failure naming {@code where}. */
  static byte[] checked(byte[] bytes, Descriptor d, String where) throws BuildFailure {
    if (bytes.length != d.size() || !PullCache.matches(bytes, d.digest())) {
      throw new BuildFailure(where + ": blob " + d.digest() + " does not match its digest or size (" + bytes.length
          + " bytes, " + d.size() + " expected); the image is damaged");
    }
    return bytes;
  }
}
