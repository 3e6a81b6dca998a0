#!/bin/bash
# test-boot.sh - boot hello-unikernel.elf under QEMU (TCG) the way urunc boots
# Unikraft (-kernel ELF -initrd CPIO -append CMDLINE) and check its serial
# output line by line.  Exit status 0 means every case passed.
#
# Cases:
#   gnu-newc   GNU cpio -H newc  ("070701"): file, nested dirs, file, symlink
#   gnu-crc    GNU cpio -H crc   ("070702"): same tree
#   bsd-newc   bsdcpio --format newc:       same tree
#   none       no -initrd                   -> "initrd: none"
#   corrupt    gnu-newc with the 2nd header's magic smashed
#                                           -> "initrd: bad header at offset N"
#
# Every case must also power the VM off by itself (QEMU exit status 0) well
# before the 60 s timeout.  Environment: QEMU (default qemu-system-x86_64),
# QEMU_ACCEL (default tcg).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
QEMU=${QEMU:-qemu-system-x86_64}
QEMU_ACCEL=${QEMU_ACCEL:-tcg}
KERNEL=hello-unikernel.elf
APPEND="hello from bunny"
TIMEOUT=60

[ -f "$KERNEL" ] || ./build.sh
command -v "$QEMU" >/dev/null || { echo "FAIL: $QEMU not found" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# --- the initrd tree -------------------------------------------------------
root=$tmp/root
mkdir -p "$root/etc/conf"
printf 'hello bunny\n' > "$root/hello.txt"                        # 12 bytes
head -c 1001 /dev/zero | tr '\0' 'x' > "$root/etc/conf/app.conf" # 1001 bytes (odd: exercises padding)
ln -s etc/conf/app.conf "$root/latest"
entries="hello.txt etc etc/conf etc/conf/app.conf latest"

( cd "$root" && printf '%s\n' $entries | cpio --quiet -o -H newc ) > "$tmp/gnu-newc.cpio"
( cd "$root" && printf '%s\n' $entries | cpio --quiet -o -H crc  ) > "$tmp/gnu-crc.cpio"
( cd "$root" && printf '%s\n' $entries | bsdcpio --quiet -o --format newc ) > "$tmp/bsd-newc.cpio"

listing="file hello.txt 12
dir etc
dir etc/conf
file etc/conf/app.conf 1001
link latest -> etc/conf/app.conf"

# Corrupt copy: the second header starts after header(110) + name + pad4 +
# data + pad4 of the first entry; overwrite its first magic byte.
cp "$tmp/gnu-newc.cpio" "$tmp/corrupt.cpio"
hexfield() { dd if="$tmp/gnu-newc.cpio" bs=1 skip="$1" count=8 2>/dev/null; }
filesize=$((16#$(hexfield 54)))
namesize=$((16#$(hexfield 94)))
second=$(( ( ( (110 + namesize + 3) / 4 * 4 + filesize) + 3) / 4 * 4 ))
printf 'X' | dd of="$tmp/corrupt.cpio" bs=1 seek="$second" conv=notrunc 2>/dev/null

# --- boot + check ------------------------------------------------------------
failures=0

# run_case NAME INITRD(or "") EXPECTED-OUTPUT
run_case() {
    local name=$1 initrd=$2 expected=$3
    local args=(-machine pc -accel "$QEMU_ACCEL" -m 64 -no-reboot
                -display none -serial stdio -monitor none
                -kernel "$KERNEL" -append "$APPEND")
    [ -n "$initrd" ] && args+=(-initrd "$initrd")

    echo "=== case $name: timeout $TIMEOUT $QEMU $(printf '%q ' "${args[@]}")"
    local start end rc=0
    start=$(date +%s)
    timeout "$TIMEOUT" "$QEMU" "${args[@]}" </dev/null >"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
    end=$(date +%s)
    tr -d '\r' < "$tmp/$name.out" > "$tmp/$name.txt"
    sed 's/^/    | /' "$tmp/$name.txt"

    local ok=1
    if [ "$rc" -eq 124 ]; then
        echo "    FAIL: QEMU did not power off within ${TIMEOUT}s (killed by timeout)"; ok=0
    elif [ "$rc" -ne 0 ]; then
        echo "    FAIL: QEMU exit status $rc"; sed 's/^/    stderr: /' "$tmp/$name.err"; ok=0
    fi
    if ! diff -u <(printf '%s\n' "$expected") "$tmp/$name.txt" > "$tmp/$name.diff"; then
        echo "    FAIL: output differs from expected:"; sed 's/^/    /' "$tmp/$name.diff"; ok=0
    fi
    if [ "$ok" -eq 1 ]; then
        echo "    PASS (QEMU powered off by itself, exit 0, $((end - start))s)"
    else
        failures=$((failures + 1))
    fi
}

head_lines="bunny hello unikernel
cmdline: $KERNEL $APPEND"   # QEMU's multiboot loader prefixes the kernel path
done_line="bunny hello: done"
size() { wc -c < "$1" | tr -d ' '; }

for c in gnu-newc gnu-crc bsd-newc; do
    run_case "$c" "$tmp/$c.cpio" "$head_lines
initrd: $(size "$tmp/$c.cpio") bytes
$listing
$done_line"
done

run_case none "" "$head_lines
initrd: none
$done_line"

run_case corrupt "$tmp/corrupt.cpio" "$head_lines
initrd: $(size "$tmp/corrupt.cpio") bytes
file hello.txt 12
initrd: bad header at offset $second
$done_line"

echo
if [ "$failures" -eq 0 ]; then
    echo "test-boot: all cases passed"
else
    echo "test-boot: $failures case(s) FAILED"
    exit 1
fi
