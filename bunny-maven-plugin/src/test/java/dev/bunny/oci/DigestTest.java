package dev.bunny.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {

  @Test
  void sha256OfKnownInput() {
    Digest d = Digest.of("abc".getBytes(StandardCharsets.US_ASCII));
    // FIPS 180-2 test vector
    assertThat(d.toString()).isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(d.blobPath()).isEqualTo("blobs/sha256/ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Digest.parse(d.toString())).isEqualTo(d);
  }

  @Test
  void rejectsMalformedDigests() {
    assertThatThrownBy(() -> Digest.parse("ba7816bf")).hasMessageContaining("expected <algorithm>:<hex>");
    assertThatThrownBy(() -> Digest.parse("md5:d41d8cd98f00b204e9800998ecf8427e")).hasMessageContaining("use sha256 or sha512");
    assertThatThrownBy(() -> Digest.parse("sha256:" + "A".repeat(64))).hasMessageContaining("64 lowercase hex");
    assertThatThrownBy(() -> Digest.parse("sha256:abc")).hasMessageContaining("64 lowercase hex");
    assertThat(Digest.parse("sha512:" + "0".repeat(128)).algorithm()).isEqualTo("sha512");
  }
}
