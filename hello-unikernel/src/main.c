/*
 * main.c - the hello unikernel: a demo, not a framework.
 *
 * Booted by QEMU as a Multiboot v1 kernel (`-kernel hello-unikernel.elf
 * -initrd files.cpio -append "..."`), the same way urunc boots Unikraft on
 * QEMU.  It prints, on COM1:
 *
 *   bunny hello unikernel
 *   cmdline: <multiboot command line, verbatim>
 *   initrd: <N> bytes                 (or "initrd: none")
 *   file <name> <size>                (one line per cpio entry:
 *   dir <name>                         regular file, directory, symlink,
 *   link <name> -> <target>            "other <name>" for anything else)
 *   bunny hello: done
 *
 * and powers the (QEMU i440fx "pc") machine off.  A malformed cpio header
 * prints "initrd: bad header at offset N" (N = byte offset in the initrd)
 * and stops the listing there.
 */
#include <stddef.h>
#include <stdint.h>

#include "io.h"
#include "serial.h"

/* --- Multiboot v1 information structure (only the fields we read). ---- */

#define MB_BOOT_MAGIC 0x2BADB002u
#define MB_INFO_CMDLINE (1u << 2)
#define MB_INFO_MODS    (1u << 3)

struct mb_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;             /* physical address of a C string      */
    uint32_t mods_count;
    uint32_t mods_addr;           /* physical address of struct mb_module[] */
};

struct mb_module {
    uint32_t mod_start, mod_end;  /* [start, end) physical addresses     */
    uint32_t string, reserved;
};

/* --- newc / crc cpio ("070701" / "070702"). ---------------------------- */

#define CPIO_HDR_LEN 110
#define S_IFMT   0170000u
#define S_IFREG  0100000u
#define S_IFDIR  0040000u
#define S_IFLNK  0120000u

static uint32_t align4(uint32_t x) { return (x + 3u) & ~3u; }

/* Parse an 8-digit ASCII hex field; returns 0 on a non-hex digit. */
static int hex8(const char *p, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 8; i++) {
        char c = p[i];
        uint32_t d;
        if (c >= '0' && c <= '9')      d = (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f') d = (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') d = (uint32_t)(c - 'A' + 10);
        else return 0;
        v = (v << 4) | d;
    }
    *out = v;
    return 1;
}

static int str_eq(const char *a, size_t alen, const char *b)
{
    size_t i = 0;
    for (; i < alen && b[i]; i++)
        if (a[i] != b[i])
            return 0;
    return i == alen && b[i] == '\0';
}

static void bad_header(uint32_t off)
{
    serial_puts("initrd: bad header at offset ");
    serial_putu(off);
    serial_putc('\n');
}

/*
 * Walk the archive.  Layout of one entry, all offsets relative to the
 * start of the archive:
 *   110-byte header: magic(6) ino mode uid gid nlink mtime filesize
 *                    devmajor devminor rdevmajor rdevminor namesize check
 *                    (13 fields of 8 hex digits)
 *   name (namesize bytes, including the NUL), padded to a multiple of 4
 *   data (filesize bytes), padded to a multiple of 4
 * The archive ends with an entry named "TRAILER!!!".
 */
static void list_cpio(const char *base, uint32_t size)
{
    uint32_t off = 0;

    for (;;) {
        const char *h = base + off;
        uint32_t mode, filesize, namesize;

        if (size - off < CPIO_HDR_LEN ||
            h[0] != '0' || h[1] != '7' || h[2] != '0' || h[3] != '7' ||
            h[4] != '0' || (h[5] != '1' && h[5] != '2') ||
            !hex8(h + 14, &mode) || !hex8(h + 54, &filesize) ||
            !hex8(h + 94, &namesize) || namesize == 0) {
            bad_header(off);
            return;
        }

        uint32_t name_off = off + CPIO_HDR_LEN;
        if (namesize > size - name_off) {
            bad_header(off);
            return;
        }
        uint32_t data_off = align4(name_off + namesize);
        if (data_off > size || filesize > size - data_off) {
            bad_header(off);
            return;
        }

        const char *name = base + name_off;
        size_t name_len = namesize - 1;          /* drop the NUL */
        const char *data = base + data_off;

        if (str_eq(name, name_len, "TRAILER!!!"))
            return;

        switch (mode & S_IFMT) {
        case S_IFREG:
            serial_puts("file ");
            serial_write(name, name_len);
            serial_putc(' ');
            serial_putu(filesize);
            break;
        case S_IFDIR:
            serial_puts("dir ");
            serial_write(name, name_len);
            break;
        case S_IFLNK:
            serial_puts("link ");
            serial_write(name, name_len);
            serial_puts(" -> ");
            serial_write(data, filesize);        /* target is not NUL-terminated */
            break;
        default:
            serial_puts("other ");
            serial_write(name, name_len);
            break;
        }
        serial_putc('\n');

        off = align4(data_off + filesize);
        if (off > size) {                        /* padding ran off the end */
            bad_header(off);
            return;
        }
    }
}

/* --- Power off. --------------------------------------------------------- */

static void __attribute__((noreturn)) power_off(void)
{
    /*
     * ACPI PM1a control register of the PIIX4 in QEMU's default "pc"
     * (i440fx) machine; the firmware puts the PM I/O base at 0x600.
     * SLP_TYP=0 (S5 in QEMU's DSDT) | SLP_EN (bit 13) = 0x2000.
     */
    outw(0x604, 0x2000);
    for (;;)
        __asm__ volatile("cli; hlt");
}

/* --- Entry from boot.S. -------------------------------------------------- */

void __attribute__((noreturn)) kmain(uint32_t magic, const struct mb_info *mbi);

void kmain(uint32_t magic, const struct mb_info *mbi)
{
    serial_init();
    serial_puts("bunny hello unikernel\n");

    if (magic != MB_BOOT_MAGIC) {
        serial_puts("error: not booted by a multiboot loader\n");
        power_off();
    }

    serial_puts("cmdline: ");
    if ((mbi->flags & MB_INFO_CMDLINE) && mbi->cmdline)
        serial_puts((const char *)(uintptr_t)mbi->cmdline);
    serial_putc('\n');

    if ((mbi->flags & MB_INFO_MODS) && mbi->mods_count > 0) {
        /* QEMU passes -initrd as the first multiboot module. */
        const struct mb_module *mod =
            (const struct mb_module *)(uintptr_t)mbi->mods_addr;
        uint32_t size = mod->mod_end - mod->mod_start;
        serial_puts("initrd: ");
        serial_putu(size);
        serial_puts(" bytes\n");
        list_cpio((const char *)(uintptr_t)mod->mod_start, size);
    } else {
        serial_puts("initrd: none\n");
    }

    serial_puts("bunny hello: done\n");
    power_off();
}
