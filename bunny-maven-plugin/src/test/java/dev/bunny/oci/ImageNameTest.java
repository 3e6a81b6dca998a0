package dev.bunny.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ImageNameTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "urunc/prebuilt/redis:test        | urunc/prebuilt/redis        | test   | docker.io/urunc/prebuilt/redis:test",
    "redis                            | redis                       | latest | docker.io/library/redis:latest",
    "registry:5000/a/b:1.0            | registry:5000/a/b           | 1.0    | registry:5000/a/b:1.0",
    "registry:5000/a/b                | registry:5000/a/b           | latest | registry:5000/a/b:latest",
    "localhost/app:v_1.2-rc           | localhost/app               | v_1.2-rc | localhost/app:v_1.2-rc",
    "ghcr.io/nubificus/app__x--y.z:_t | ghcr.io/nubificus/app__x--y.z | _t   | ghcr.io/nubificus/app__x--y.z:_t",
    "index.docker.io/redis:7          | index.docker.io/redis       | 7      | docker.io/library/redis:7",
    "[::1]:5000/a:b                   | [::1]:5000/a                | b      | [::1]:5000/a:b",
  })
  void parsesValidNames(String reference, String repository, String tag, String canonical) {
    ImageName n = ImageName.parse(reference, null);
    assertThat(n.repository()).isEqualTo(repository);
    assertThat(n.tags()).containsExactly(tag);
    assertThat(n.references()).containsExactly(repository + ":" + tag);
    assertThat(n.canonicalReference(tag)).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "Redis                      | 'Redis' (uppercase is not allowed); a repository is path components",
    "a//b                       | an empty path component",
    "/a                         | an empty path component",
    "a/b/                       | an empty path component",
    "a/-b                       | '-b'",
    "a/b_                       | 'b_'",
    "a/b___c                    | 'b___c'",
    "my host/a                  | 'my host'",
    "reg-.io/a                  | registry host 'reg-.io'",
    "a/b:                       | has no tag",
    "a/b:.x                     | tag '.x' of image 'a/b' is not valid; a tag is 1 to 128 characters",
    "a/b:x y                    | tag 'x y'",
    "a/b@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | is a digest reference",
  })
  void rejectsInvalidNamesSayingWhatIsAccepted(String reference, String message) {
    assertThatThrownBy(() -> ImageName.parse(reference, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void rejectsEmptyAndOverlongNamesAndTags() {
    assertThatThrownBy(() -> ImageName.parse("", null)).hasMessageContaining("empty");
    assertThatThrownBy(() -> ImageName.parse("a/" + "b".repeat(254), null)).hasMessageContaining("longer than 255");
    assertThat(ImageName.parse("a:" + "t".repeat(128), null).tag()).hasSize(128);
    assertThatThrownBy(() -> ImageName.parse("a:" + "t".repeat(129), null)).hasMessageContaining("1 to 128");
  }

  @Test
  void extraTagsFollowTheFirstWithoutDuplicates() {
    ImageName n = ImageName.parse("urunc/redis:test", List.of("1.0", "test", "latest", "1.0"));
    assertThat(n.tags()).containsExactly("test", "1.0", "latest");
    assertThat(n.references()).containsExactly("urunc/redis:test", "urunc/redis:1.0", "urunc/redis:latest");
    assertThat(ImageName.parse("urunc/redis", List.of("1.0")).tags()).containsExactly("latest", "1.0");
    assertThatThrownBy(() -> ImageName.parse("urunc/redis", List.of("bad tag"))).hasMessageContaining("tag 'bad tag'");
  }

  @Test
  void constructorValidatesToo() {
    assertThatThrownBy(() -> new ImageName("a", List.of())).hasMessageContaining("at least one tag");
    assertThatThrownBy(() -> new ImageName("A", List.of("t"))).hasMessageContaining("uppercase");
  }
}
