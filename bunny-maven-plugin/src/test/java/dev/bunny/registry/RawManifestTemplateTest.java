package dev.bunny.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.cloud.tools.jib.blob.Blobs;
import com.google.cloud.tools.jib.hash.Digests;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import dev.bunny.build.BuildFailure;
import dev.bunny.oci.Digest;
import dev.bunny.oci.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jib-core turns the template into exactly our bytes: the PUT body and the digest it expects. */
class RawManifestTemplateTest {

  @TempDir Path tmp;

  @Test
  void jibWritesOurBytesVerbatim() throws Exception {
    byte[] manifest = TestLayouts.write(tmp, 10, "127.0.0.1:5000/a:1").manifest();
    ManifestTemplate t = JibRegistryTransport.rawManifest(manifest, MediaTypes.MANIFEST);

    assertThat(JsonTemplateMapper.toByteArray(t)).isEqualTo(manifest);
    assertThat(Blobs.writeToByteArray(Blobs.from(t))).isEqualTo(manifest); // the PUT body
    assertThat(Digests.computeJsonDigest(t).toString()).isEqualTo(Digest.of(manifest).toString());
    assertThat(t.getManifestMediaType()).isEqualTo(MediaTypes.MANIFEST);
    assertThat(t.getSchemaVersion()).isEqualTo(2);
  }

  @Test
  void keepsNonAsciiEscapesAndKeyOrder() throws Exception {
    byte[] manifest = TestLayouts.write(tmp, 10, "127.0.0.1:5000/a:1").manifest();
    String text = new String(manifest, StandardCharsets.UTF_8);
    assertThat(text).contains("caf\u00e9 \u2192 \\\"quoted\\\" \\u00e9").startsWith("{\"schemaVersion\":2, ");

    assertThat(new String(JsonTemplateMapper.toByteArray(JibRegistryTransport.rawManifest(manifest, MediaTypes.MANIFEST)),
        StandardCharsets.UTF_8)).isEqualTo(text);
  }

  @Test
  void anIndexToo() throws Exception {
    byte[] index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}"
        .getBytes(StandardCharsets.UTF_8);
    ManifestTemplate t = JibRegistryTransport.rawManifest(index, MediaTypes.INDEX);
    assertThat(JsonTemplateMapper.toByteArray(t)).isEqualTo(index);
    assertThat(t.getManifestMediaType()).isEqualTo(MediaTypes.INDEX);
  }

  @Test
  void refusesBytesThatAreNotUtf8() {
    byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
    BuildFailure e = assertThrows(BuildFailure.class, () -> JibRegistryTransport.rawManifest(bad, MediaTypes.MANIFEST));
    assertThat(e.getMessage()).contains("not UTF-8");
  }
}
