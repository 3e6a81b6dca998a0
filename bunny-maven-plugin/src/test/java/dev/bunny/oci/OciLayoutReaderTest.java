package dev.bunny.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bunny.fs.FileTreeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layer semantics of {@link OciLayoutReader#readFile}: later layers win, whiteouts delete. */
class OciLayoutReaderTest {

  @TempDir Path tmp;

  private Layer layer(String name, String... pathsAndContents) throws Exception {
    return layer(name.hashCode() % 2 == 0 ? Compression.GZIP : Compression.NONE, name, pathsAndContents); // both kinds
  }

  private Layer layer(Compression c, String name, String... pathsAndContents) throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src-" + name));
    FileTreeBuilder b = new FileTreeBuilder();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      Path f = src.resolve("f" + i);
      Files.writeString(f, pathsAndContents[i + 1]);
      Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      b.addFile(f, pathsAndContents[i], name);
    }
    return LayerWriter.write(b.build(), 0, c, tmp.resolve(name + ".layer"), name);
  }

  private Path layout(Layer... layers) throws Exception {
    List<Layer> list = List.of(layers);
    OciImage image = OciImage.of(ImageConfig.builder().layers(list).build(), list, new TreeMap<>());
    Path dir = tmp.resolve("layout-" + System.nanoTime());
    OciLayoutWriter.write(image, ImageName.parse("t/t", null), dir);
    return dir;
  }

  @Test
  void laterLayersWinAndWhiteoutsDelete() throws Exception {
    Layer base = layer("base", "etc/conf", "one", "etc/other", "x", "keep", "k");
    Layer over = layer("over", "etc/conf", "two");
    Layer wh = layer("wh", "etc/.wh.conf", "");
    Layer opq = layer("opq", "etc/.wh..wh..opq", "", "etc/new", "n");

    assertThat(OciLayoutReader.readFile(layout(base, over), "/etc/conf")).hasValue("two".getBytes());
    assertThat(OciLayoutReader.readFile(layout(base, over, wh), "/etc/conf")).isEmpty();
    assertThat(OciLayoutReader.readFile(layout(base, over, wh), "/etc/other")).hasValue("x".getBytes());
    Path withOpaque = layout(base, opq);
    assertThat(OciLayoutReader.readFile(withOpaque, "/etc/other")).isEmpty();
    assertThat(OciLayoutReader.readFile(withOpaque, "/etc/new")).hasValue("n".getBytes());
    assertThat(OciLayoutReader.readFile(withOpaque, "/keep")).hasValue("k".getBytes());
  }

  @Test
  void walkLayerStreamsEntriesInOrder() throws Exception {
    Layer l = layer("walk", "a/b", "bb", "c", "c");
    Path dir = layout(l);
    List<String> seen = new ArrayList<>();
    OciLayoutReader.walkLayer(dir, OciLayoutReader.read(dir).layers().get(0), (entry, content) -> {
      seen.add(entry.path() + ":" + entry.type() + ":" + Integer.toOctalString(entry.mode()) + ":" + entry.mtimeEpochSeconds()
          + ":" + entry.uid() + ":" + entry.userName());
      return true;
    });
    assertThat(seen).containsExactly("a:DIRECTORY:755:0:0:", "a/b:FILE:644:0:0:", "c:FILE:644:0:0:");
  }

  @Test
  void zstdLayersAreRead() throws Exception {
    Layer base = layer(Compression.ZSTD, "zbase", "etc/conf", "one", "keep", "k");
    Layer over = layer(Compression.ZSTD, "zover", "etc/conf", "two");
    Path dir = layout(base, over);
    assertThat(OciLayoutReader.read(dir).layers()).allSatisfy(d -> assertThat(d.mediaType()).endsWith("+zstd"));
    assertThat(OciLayoutReader.readFile(dir, "/etc/conf")).hasValue("two".getBytes());
    assertThat(OciLayoutReader.readFile(dir, "/keep")).hasValue("k".getBytes());
  }
}
