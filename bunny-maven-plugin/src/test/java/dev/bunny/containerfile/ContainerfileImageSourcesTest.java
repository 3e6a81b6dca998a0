package dev.bunny.containerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bunny.spec.ImageSpec;
import dev.bunny.spec.ResolvedSpec;
import dev.bunny.spec.SpecException;
import dev.bunny.spec.SpecValidator;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Containerfile's FROM and COPY --from, through the mapper and the validator. */
class ContainerfileImageSourcesTest {

  @TempDir Path dir;

  private ImageSpec map(String text) throws SpecException {
    return ContainerfileSpecMapper.map(ContainerfileParser.parse(text, "Containerfile", Map.of())).spec();
  }

  @Test
  void fromAnImageIsTheBaseAndTheBinaryLabelPointsIntoIt() throws Exception {
    ResolvedSpec r = SpecValidator.validate(map("""
        FROM oci:images/kernels:1
        COPY --from=registry.example.com/base:2 /etc /etc
        LABEL com.urunc.unikernel.unikernelType=unikraft com.urunc.unikernel.hypervisor=qemu
        LABEL com.urunc.unikernel.binary=/unikraft/bin/kernel
        """), dir);

    assertThat(r.images().base()).hasToString("oci:images/kernels:1");
    assertThat(r.images().baseField()).isEqualTo("baseImage");
    assertThat(r.images().kernelInBase()).isTrue();
    assertThat(r.kernelTarget()).isEqualTo("/unikraft/bin/kernel");
    assertThat(r.files()).singleElement().satisfies(f -> assertThat(f.image()).hasToString("registry.example.com/base:2"));
  }

  @Test
  void aMalformedFromIsReportedAtItsLine() throws Exception {
    ImageSpec spec = map("""
        FROM docker://redis:7
        LABEL com.urunc.unikernel.binary=/kernel
        """);

    SpecException e = assertThrows(SpecException.class, () -> SpecValidator.validate(spec, dir));

    assertThat(e.problems()).filteredOn(p -> p.field().equals("baseImage")).singleElement().satisfies(p ->
        assertThat(p.render(spec.namer())).startsWith("Containerfile:1:1 FROM: 'docker://redis:7' has a URL scheme"));
  }
}
