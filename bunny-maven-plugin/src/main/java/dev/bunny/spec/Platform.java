package dev.bunny.spec;

/**
 * Where the image runs: the guest framework, the monitor urunc starts it with, the framework
 * version and the CPU architecture, all as the user wrote them (validated later).
 */
public record Platform(String framework, String monitor, String version, String architecture) {}
