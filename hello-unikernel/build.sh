#!/bin/sh
# build.sh - reproducible build of hello-unikernel.elf (Multiboot v1, ELF32 i386).
#
#   ./build.sh            build ./hello-unikernel.elf
#   ./build.sh --verify   build twice in separate temp dirs, require identical
#                         bytes, then install the result as ./hello-unikernel.elf
#
# Needs only gcc (with its own freestanding stddef.h/stdint.h; no libc, no
# gcc-multilib) and GNU ld.  Override the tools with CC=... LD=... if needed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-gcc}
LD=${LD:-ld}
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=0
umask 022

CFLAGS="-m32 -march=i686 -std=c11 -O2 -Wall -Wextra -Werror
 -ffreestanding -fno-pic -fno-pie -fno-stack-protector -fno-builtin
 -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-ident
 -mgeneral-regs-only -mno-red-zone -g0
 -ffile-prefix-map=$here=."
LDFLAGS="-m elf_i386 -T linker.ld -nostdlib -n -s --build-id=none
 -z noexecstack -z norelro"

# build_into DIR: compile and link into DIR/hello-unikernel.elf
build_into() {
    out=$1
    cd "$here"
    for s in boot.S main.c serial.c; do
        # shellcheck disable=SC2086
        $CC $CFLAGS -c "src/$s" -o "$out/${s%.*}.o"
    done
    # shellcheck disable=SC2086
    $LD $LDFLAGS -o "$out/hello-unikernel.elf" \
        "$out/boot.o" "$out/main.o" "$out/serial.o"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/a" "$tmp/b"

build_into "$tmp/a"
if [ "${1:-}" = "--verify" ]; then
    build_into "$tmp/b"
    cmp "$tmp/a/hello-unikernel.elf" "$tmp/b/hello-unikernel.elf"
    echo "reproducible: two builds are byte-identical"
fi
cp "$tmp/a/hello-unikernel.elf" "$here/hello-unikernel.elf"
chmod 0644 "$here/hello-unikernel.elf"
echo "built $here/hello-unikernel.elf ($(wc -c < "$here/hello-unikernel.elf") bytes)"
sha256sum "$here/hello-unikernel.elf"
