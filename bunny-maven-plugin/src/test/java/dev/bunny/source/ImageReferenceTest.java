package dev.bunny.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bunny.source.ImageReference.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

  private static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @ParameterizedTest
  @CsvSource({
    // text, registry, repository, tag, digest
    "redis, docker.io, library/redis, latest, ",
    "redis:7, docker.io, library/redis, 7, ",
    "team/app:1.0, docker.io, team/app, 1.0, ",
    "docker.io/redis, docker.io, library/redis, latest, ",
    "index.docker.io/team/app, docker.io, team/app, latest, ",
    "ghcr.io/team/sub/kernel:v1.2-rc_3, ghcr.io, team/sub/kernel, v1.2-rc_3, ",
    "localhost/app, localhost, app, latest, ",
    "127.0.0.1:5000/app:1, 127.0.0.1:5000, app, 1, ",
    "Registry.Example:443/a.b/c__d/e-f, Registry.Example:443, a.b/c__d/e-f, latest, ",
    "unikraft.org/nginx:1.15, unikraft.org, nginx, 1.15, ",
    "[::1]:5000/app, [::1]:5000, app, latest, ",
  })
  void registryReferences(String text, String registry, String repository, String tag, String digest) {
    ImageReference r = ImageReference.parse(text);
    assertThat(r.kind()).isEqualTo(Kind.REGISTRY);
    assertThat(r.registry()).isEqualTo(registry);
    assertThat(r.repository()).isEqualTo(repository);
    assertThat(r.tag()).isEqualTo(tag);
    assertThat(r.digest()).isNull();
    assertThat(r.qualifier()).isEqualTo(tag);
    assertThat(r.toString()).isEqualTo(text);
    assertThat(r.path()).isNull();
  }

  @Test
  void digestsWithAndWithoutTags() {
    ImageReference d = ImageReference.parse("redis@sha256:" + HEX);
    assertThat(d.repository()).isEqualTo("library/redis");
    assertThat(d.tag()).isNull();
    assertThat(d.digest().toString()).isEqualTo("sha256:" + HEX);
    assertThat(d.qualifier()).isEqualTo("sha256:" + HEX);
    assertThat(d.canonical()).isEqualTo("docker.io/library/redis@sha256:" + HEX);

    ImageReference both = ImageReference.parse("127.0.0.1:5000/app:1.0@sha256:" + HEX);
    assertThat(both.registry()).isEqualTo("127.0.0.1:5000");
    assertThat(both.tag()).isEqualTo("1.0");
    assertThat(both.qualifier()).isEqualTo("sha256:" + HEX);
    assertThat(both.canonical()).isEqualTo("127.0.0.1:5000/app:1.0@sha256:" + HEX);
  }

  @Test
  void textIsKeptAsWrittenButTrimmed() {
    ImageReference r = ImageReference.parse("  redis:7 \n");
    assertThat(r.toString()).isEqualTo("redis:7");
    assertThat(r.text()).isEqualTo("redis:7");
    assertThat(r.canonical()).isEqualTo("docker.io/library/redis:7");
    assertThat(r).isEqualTo(ImageReference.parse("redis:7"));
  }

  @ParameterizedTest
  @CsvSource({
    "oci:layout, layout, ",
    "oci:layout:v1, layout, v1",
    "oci:./target/bunny/oci:1.0, ./target/bunny/oci, 1.0",
    "oci:/abs/dir, /abs/dir, ",
    "oci:dir.v2/sub:1:2, dir.v2/sub:1, 2",
    "oci:host:5000/x, host:5000/x, ",
  })
  void layouts(String text, String path, String tag) {
    ImageReference r = ImageReference.parse(text);
    assertThat(r.kind()).isEqualTo(Kind.OCI_LAYOUT);
    assertThat(r.path()).isEqualTo(path);
    assertThat(r.tag()).isEqualTo(tag);
    assertThat(r.registry()).isNull();
    assertThat(r.toString()).isEqualTo(text);
  }

  @Test
  void archives() {
    ImageReference r = ImageReference.parse("oci-archive:target/app-oci.tar:latest");
    assertThat(r.kind()).isEqualTo(Kind.OCI_ARCHIVE);
    assertThat(r.path()).isEqualTo("target/app-oci.tar");
    assertThat(r.tag()).isEqualTo("latest");
    ImageReference plain = ImageReference.parse("oci-archive:../k.tar");
    assertThat(plain.path()).isEqualTo("../k.tar");
    assertThat(plain.tag()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void emptyIsRefused(String text) {
    assertThatThrownBy(() -> ImageReference.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the image reference is empty; accepted forms: [registry[:port]/]repository[:tag]");
  }

  @Test
  void nullIsRefused() {
    assertThatThrownBy(() -> ImageReference.parse(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void schemesAreRefused() {
    assertThatThrownBy(() -> ImageReference.parse("docker://redis:7")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'docker://redis:7' has a URL scheme (docker://); write the image without it, e.g. redis:7;")
        .hasMessageContaining("oci:<directory>[:tag]").hasMessageContaining("oci-archive:<file>[:tag]");
    assertThatThrownBy(() -> ImageReference.parse("https://ghcr.io/a/b")).hasMessageContaining("https://");
    assertThatThrownBy(() -> ImageReference.parse("docker-archive:x.tar"))
        .hasMessageContaining("the docker-archive transport is not supported");
  }

  @Test
  void uppercaseRepositoryIsRefused() {
    assertThatThrownBy(() -> ImageReference.parse("ghcr.io/Team/app")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'ghcr.io/Team/app': repository names must be lowercase ('Team' is not;");
    assertThatThrownBy(() -> ImageReference.parse("Redis")).hasMessageContaining("must be lowercase");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "redis:| is not a valid tag",
    "redis:-x| is not a valid tag",
    "redis@sha256:abc| is not a digest",
    "redis@md5:" + HEX + "| is not a digest",
    "redis:7@| is not a digest",
    "@sha256:" + HEX + "| names no repository",
    "ghcr.io/| names a registry but no repository",
    "ghcr.io/a//b| is not a valid repository name component",
    "a_/b| is not a valid repository name component",
    "bad_host.io/a| is not a valid registry host",
    "host.io:99999/a| is not a valid port",
    "host.io:x/a| is not a valid port",
    "red is| contains white space",
    "oci:| names no directory",
    "oci::v1| names no directory",
    "oci:dir:| ends with ':' but names no tag",
    "oci-archive:| names no file",
  })
  void badReferences(String text, String expected) {
    assertThatThrownBy(() -> ImageReference.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void registryErrorsListTheAcceptedForms() {
    assertThatThrownBy(() -> ImageReference.parse("a_/b")).hasMessageContaining(ImageReference.FORMS);
  }
}
