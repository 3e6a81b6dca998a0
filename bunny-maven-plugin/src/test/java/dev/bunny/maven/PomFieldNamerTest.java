package dev.bunny.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bunny.spec.SpecProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spec fields named the way a POM author wrote them. */
class PomFieldNamerTest {

  private final PomFieldNamer namer = new PomFieldNamer();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "platform.framework    | <platform><framework> (-Dbunny.platform.framework)",
      "platform.monitor      | <platform><monitor> (-Dbunny.platform.monitor)",
      "platform.version      | <platform><version> (-Dbunny.platform.version)",
      "platform.architecture | <platform><architecture> (-Dbunny.platform.architecture)",
      "kernel.path           | <kernel> (-Dbunny.kernel)",
      "kernel.from           | <kernel><from> (-Dbunny.kernel.from)",
      "kernel.target         | <kernel><target>",
      "rootfs.type           | <rootfs><type> (-Dbunny.rootfs.type)",
      "rootfs.includes       | <rootfs><includes> (-Dbunny.rootfs.includes)",
      "rootfs.path           | <rootfs><path>",
      "rootfs.from           | <rootfs><from>",
      "rootfs.target         | <rootfs><target>",
      "rootfs.mountPoint     | <rootfs><mountPoint>",
      "cmd                   | <cmd>/<cmdline>",
      "files                 | <files>"})
  void fieldsAreNamedAsElementsWithTheirProperty(String field, String expected) {
    assertThat(namer.name(field)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "rootfs.includes[0]  | <rootfs><includes><include> #1",
      "rootfs.includes[1]  | <rootfs><includes><include> #2",
      "rootfs.includes[11] | <rootfs><includes><include> #12",
      "files[0]            | <files><file> #1",
      "files[3]            | <files><file> #4"})
  void listItemsAreNamedByTheirOneBasedPosition(String field, String expected) {
    assertThat(namer.name(field)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "annotations.com.urunc.unikernel.binary      | <annotations><com.urunc.unikernel.binary>",
      "annotations.com.urunc.unikernel.mountRootfs | <annotations><com.urunc.unikernel.mountRootfs>",
      "annotations.org.example.x                   | <annotations><org.example.x>"})
  void annotationKeysKeepTheirDots(String field, String expected) {
    assertThat(namer.name(field)).isEqualTo(expected);
  }

  @Test
  void problemsRenderWithPomNames() {
    assertThat(new SpecProblem("platform.monitor", "is required", "one of: qemu").render(namer))
        .isEqualTo("<platform><monitor> (-Dbunny.platform.monitor): is required (one of: qemu)");
    assertThat(new SpecProblem("rootfs.includes[1]", "source 'x' does not exist", "").render(namer))
        .isEqualTo("<rootfs><includes><include> #2: source 'x' does not exist");
  }
}
