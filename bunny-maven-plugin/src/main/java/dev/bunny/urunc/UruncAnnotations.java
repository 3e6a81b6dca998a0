package dev.bunny.urunc;

import dev.bunny.spec.ResolvedSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The urunc contract of an image: computed once from the resolved spec and written three times,
 * consistently, as config labels, manifest annotations and {@code /urunc.json}.
 */
public final class UruncAnnotations {

  private final SortedMap<String, String> urunc;
  private final SortedMap<String, String> uruncJson;
  private final SortedMap<String, String> labels;
  private final SortedMap<String, String> annotations;

  private UruncAnnotations(ResolvedSpec spec) {
    SortedMap<String, String> keys = computed(spec);
    // User annotations with urunc keys override the computed values everywhere (bunix style).
    for (Map.Entry<String, String> a : spec.annotations().entrySet()) {
      if (UruncKeys.isUruncKey(a.getKey())) {
        keys.put(a.getKey(), a.getValue() == null ? "" : a.getValue());
      }
    }
    this.urunc = Collections.unmodifiableSortedMap(keys);
    SortedMap<String, String> json = new TreeMap<>(keys);
    if (spec.labelsInUruncJson()) {
      spec.labels().forEach(json::putIfAbsent); // bunny's Containerfile rule: every label, urunc ignores the rest
    }
    this.uruncJson = Collections.unmodifiableSortedMap(json);

    SortedMap<String, String> l = new TreeMap<>(spec.labels());
    l.putAll(keys);
    this.labels = Collections.unmodifiableSortedMap(l);

    SortedMap<String, String> m = new TreeMap<>(spec.annotations());
    m.putAll(keys);
    this.annotations = Collections.unmodifiableSortedMap(m);
  }

  public static UruncAnnotations of(ResolvedSpec spec) {
    return new UruncAnnotations(spec);
  }

  /**
   * bunny's rules, plus both rootfs booleans: urunc up to v0.5 reads {@code useDMBlock}, later
   * versions {@code mountRootfs}, so both are written with the same value.
   */
  private static SortedMap<String, String> computed(ResolvedSpec spec) {
    SortedMap<String, String> m = new TreeMap<>();
    m.put(UruncKeys.UNIKERNEL_TYPE, spec.framework());
    m.put(UruncKeys.HYPERVISOR, spec.monitor());
    m.put(UruncKeys.BINARY, spec.kernelTarget());
    m.put(UruncKeys.CMDLINE, cmdline(spec));
    if (spec.version() != null) {
      m.put(UruncKeys.UNIKERNEL_VERSION, spec.version());
    }
    String mountRootfs = "false";
    switch (spec.rootfsType()) {
      case INITRD:
        m.put(UruncKeys.INITRD, spec.rootfsTarget());
        break;
      case BLOCK:
        m.put(UruncKeys.BLOCK, spec.rootfsTarget());
        m.put(UruncKeys.BLK_MNT_POINT, spec.mountPoint());
        break;
      case RAW:
        mountRootfs = "true";
        break;
      default:
        break;
    }
    m.put(UruncKeys.MOUNT_ROOTFS, mountRootfs);
    m.put(UruncKeys.USE_DM_BLOCK, mountRootfs);
    return m;
  }

  /**
   * urunc before v0.6 takes the guest's arguments only from this key, so it carries the whole
   * command: entrypoint then cmd, joined by spaces (bunny joins cmd alone; with no entrypoint the
   * two agree).
   */
  private static String cmdline(ResolvedSpec spec) {
    List<String> args = new ArrayList<>(spec.entrypoint());
    args.addAll(spec.cmd());
    return String.join(" ", args);
  }

  /** Only the {@code com.urunc.unikernel.*} keys. */
  public SortedMap<String, String> urunc() {
    return urunc;
  }

  /** What {@code /urunc.json} holds: the urunc keys, plus every label when the spec asks for it. */
  public SortedMap<String, String> uruncJson() {
    return uruncJson;
  }

  /** Image config labels: the user's labels plus the urunc keys. */
  public SortedMap<String, String> labels() {
    return labels;
  }

  /** Manifest annotations: the user's annotations plus the urunc keys. */
  public SortedMap<String, String> annotations() {
    return annotations;
  }
}
