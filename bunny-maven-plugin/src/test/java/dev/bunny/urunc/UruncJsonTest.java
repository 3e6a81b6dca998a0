package dev.bunny.urunc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /urunc.json}: a flat object, sorted keys, standard padded base64 values (facts §1.3). */
class UruncJsonTest {

  private static String render(SortedMap<String, String> m) {
    return new String(UruncJson.render(m), StandardCharsets.UTF_8);
  }

  private static SortedMap<String, String> sorted(String... keyValues) {
    SortedMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  /** Reads urunc.json the way urunc does: every value base64-decoded. */
  private static Map<String, String> decode(byte[] json) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
        out.put(key, new String(Base64.getDecoder().decode(p.getText()), StandardCharsets.UTF_8));
      }
      assertThat(p.currentToken()).isEqualTo(JsonToken.END_OBJECT);
      assertThat(p.nextToken()).isNull();
    }
    return out;
  }

  @Test
  void exactBytesForASmallMap() {
    SortedMap<String, String> m = sorted(
        "com.urunc.unikernel.unikernelType", "unikraft",
        "com.urunc.unikernel.hypervisor", "qemu",
        "com.urunc.unikernel.binary", "/.boot/kernel",
        "com.urunc.unikernel.cmdline", "");

    assertThat(UruncJson.render(m)).isEqualTo(("{"
        + "\"com.urunc.unikernel.binary\":\"Ly5ib290L2tlcm5lbA==\","
        + "\"com.urunc.unikernel.cmdline\":\"\","
        + "\"com.urunc.unikernel.hypervisor\":\"cWVtdQ==\","
        + "\"com.urunc.unikernel.unikernelType\":\"dW5pa3JhZnQ=\""
        + "}").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anEmptyMapIsAnEmptyObject() {
    assertThat(render(new TreeMap<>())).isEqualTo("{}");
  }

  @Test
  void keysComeOutSortedWhateverTheInsertionOrder() {
    SortedMap<String, String> m = new TreeMap<>();
    m.put("z", "");
    m.put("b", "");
    m.put("a", "");
    m.put("B", "");

    assertThat(render(m)).isEqualTo("{\"B\":\"\",\"a\":\"\",\"b\":\"\",\"z\":\"\"}");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "a, YQ==",
      "ab, YWI=",
      "abc, YWJj",
      "???, Pz8/",
      ">>>, Pj4+",
      "é, w6k="})
  void valuesAreStandardBase64WithPaddingOfUtf8(String value, String base64) {
    assertThat(render(sorted("k", value))).isEqualTo("{\"k\":\"" + base64 + "\"}");
  }

  @Test
  void keysThatNeedEscapingAreEscaped() {
    assertThat(render(sorted("quote\"back\\slash", "", "tab\tnew\nline", "")))
        .isEqualTo("{\"quote\\\"back\\\\slash\":\"\",\"tab\\tnew\\nline\":\"\"}");
    assertThat(render(sorted("bell\u0007", ""))).isEqualTo("{\"bell\\u0007\":\"\"}");
  }

  @Test
  void nonAsciiKeysAreWrittenAsUtf8() {
    assertThat(UruncJson.render(sorted("clé", ""))).isEqualTo("{\"clé\":\"\"}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decodingGivesBackTheMap() throws Exception {
    SortedMap<String, String> m = sorted(
        "com.urunc.unikernel.binary", "/.boot/kernel",
        "com.urunc.unikernel.cmdline", "-c /nginx/conf/nginx.conf \"quoted\" ü\n",
        "com.urunc.unikernel.mountRootfs", "false",
        "com.urunc.unikernel.unikernelVersion", "",
        "key \"with\" quotes\\", "\u0000\u00ff\ud83d\ude00");

    assertThat(decode(UruncJson.render(m))).containsExactlyEntriesOf(m);
  }

  @Test
  void uruncJsonDecodeIsTheInverseOfRender() throws Exception {
    SortedMap<String, String> m = sorted("com.urunc.unikernel.binary", "/.boot/kernel", "com.urunc.unikernel.cmdline", "",
        "quote\"key", "ü\n");

    assertThat(UruncJson.decode(UruncJson.render(m))).isEqualTo(m);
  }

  @Test
  void uruncJsonDecodeKeepsNonBase64AsNullAndRejectsWhatUruncRejects() throws Exception {
    assertThat(UruncJson.decode("{\"k\":\"not base64!\"}".getBytes(StandardCharsets.UTF_8))).containsEntry("k", null);
    assertThatThrownBy(() -> UruncJson.decode("{\"k\":1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class).hasMessage("urunc.json value of k is not a string");
    assertThatThrownBy(() -> UruncJson.decode("\"k\"".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class).hasMessage("urunc.json is not a JSON object");
  }

  @Test
  void plainTextValuesNeverAppear() {
    String json = render(sorted("com.urunc.unikernel.hypervisor", "qemu", "com.urunc.unikernel.unikernelType", "unikraft"));

    assertThat(json).doesNotContain("\"qemu\"").doesNotContain("\"unikraft\"");
  }

  @Test
  void theFileModeIs0644() {
    assertThat(UruncJson.MODE).isEqualTo(0644);
  }
}
