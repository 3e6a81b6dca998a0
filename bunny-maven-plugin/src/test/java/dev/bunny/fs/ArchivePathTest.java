package dev.bunny.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The tree order: component by component, whatever characters the names hold. */
class ArchivePathTest {

  @Property(tries = 3000)
  void comparesComponentByComponent(@ForAll("paths") String a, @ForAll("paths") String b) {
    assertThat(Integer.signum(ArchivePath.compare(a, b))).as("%s vs %s", a, b).isEqualTo(Integer.signum(byComponents(a, b)));
    assertThat(Integer.signum(ArchivePath.compare(b, a))).isEqualTo(-Integer.signum(ArchivePath.compare(a, b)));
  }

  @Property(tries = 300)
  void aDirectorySortsBeforeWhatItHolds(@ForAll("paths") String dir, @ForAll("paths") String inside) {
    String child = dir + "/" + inside;
    assertThat(ArchivePath.compare(dir, child)).isNegative();
  }

  /** The plain definition: split into names, compare names in turn, a prefix sorts first. */
  private static int byComponents(String a, String b) {
    String[] x = a.split("/", -1);
    String[] y = b.split("/", -1);
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = x[i].compareTo(y[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }

  /** Short names over characters on both sides of '/' (such as '-', '.', '0'), so prefixes are common. */
  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> name = Arbitraries.strings().withChars("-.0_aAb\u00e9\u4e2d").ofMinLength(1).ofMaxLength(3);
    return name.list().ofMinSize(1).ofMaxSize(4).map(ArchivePathTest::join);
  }

  private static String join(List<String> names) {
    return String.join("/", new ArrayList<>(names));
  }
}
