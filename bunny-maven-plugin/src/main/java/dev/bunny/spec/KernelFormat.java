package dev.bunny.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Recognises a kernel's machine from its header: ELF (any class and byte order), a Linux x86
 * bzImage, or a Linux arm64 Image. Multiboot kernels are 32-bit x86 ELFs (QEMU's loader wants
 * them so) and run on amd64 hosts, so they count as amd64.
 *
 * @param description what was recognised, for messages ({@code ELF 64-bit x86-64})
 * @param architecture the image architecture it needs; empty when it is not one urunc supports
 * @param recognised false when the format is unknown (then nothing can be said about it)
 */
public record KernelFormat(String description, Optional<Architecture> architecture, boolean recognised) {

  private static final int HEADER = 0x210;

  public static KernelFormat read(Path kernel) throws IOException {
    byte[] h = new byte[HEADER];
    int n;
    try (InputStream in = Files.newInputStream(kernel)) {
      n = in.readNBytes(h, 0, HEADER);
    }
    if (n >= 20 && h[0] == 0x7f && h[1] == 'E' && h[2] == 'L' && h[3] == 'F') {
      return elf(h);
    }
    if (n >= 0x206 && h[0x202] == 'H' && h[0x203] == 'd' && h[0x204] == 'r' && h[0x205] == 'S') {
      return new KernelFormat("Linux x86 bzImage", Optional.of(Architecture.AMD64), true);
    }
    if (n >= 0x3c && h[0x38] == 'A' && h[0x39] == 'R' && h[0x3a] == 'M' && h[0x3b] == 0x64) {
      return new KernelFormat("Linux arm64 Image", Optional.of(Architecture.ARM64), true);
    }
    return new KernelFormat("unrecognised format", Optional.empty(), false);
  }

  private static KernelFormat elf(byte[] h) {
    String bits = h[4] == 2 ? "64-bit" : "32-bit";
    boolean bigEndian = h[5] == 2;
    int machine = bigEndian ? ((h[18] & 0xff) << 8) | (h[19] & 0xff) : ((h[19] & 0xff) << 8) | (h[18] & 0xff);
    switch (machine) {
      case 3:
        return new KernelFormat("ELF " + bits + " x86 (i386, e.g. Multiboot)", Optional.of(Architecture.AMD64), true);
      case 62:
        return new KernelFormat("ELF " + bits + " x86-64", Optional.of(Architecture.AMD64), true);
      case 183:
        return new KernelFormat("ELF " + bits + " AArch64", Optional.of(Architecture.ARM64), true);
      case 40:
        return new KernelFormat("ELF " + bits + " ARM", Optional.empty(), true);
      case 243:
        return new KernelFormat("ELF " + bits + " RISC-V", Optional.empty(), true);
      default:
        return new KernelFormat("ELF " + bits + " machine " + machine, Optional.empty(), true);
    }
  }
}
