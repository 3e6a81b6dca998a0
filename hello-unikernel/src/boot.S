/*
 * boot.S - Multiboot (v1) header and 32-bit entry point of the hello unikernel.
 *
 * QEMU's -kernel loader recognises a Multiboot v1 kernel when it finds this
 * header (4-byte aligned, within the first 8 KiB of the file) in an ELF32
 * image.  It then enters `_start` in 32-bit protected mode, with paging and
 * interrupts off, flat 4 GiB segments, EAX = 0x2BADB002 and EBX = physical
 * address of the multiboot information structure.  No stack is set up: that
 * is the one thing we must do before calling C.
 */

#define MB_MAGIC     0x1BADB002
#define MB_PAGEALIGN (1 << 0)   /* load modules (the initrd) on 4 KiB pages */
#define MB_MEMINFO   (1 << 1)   /* ask for mem_lower/mem_upper (unused)      */
#define MB_FLAGS     (MB_PAGEALIGN | MB_MEMINFO)

        .section .multiboot, "a"
        .balign 4
        .long   MB_MAGIC
        .long   MB_FLAGS
        .long   -(MB_MAGIC + MB_FLAGS)          /* checksum: sum is zero */

        .section .bss
        .balign 16
stack_bottom:
        .skip   16384                           /* 16 KiB boot stack */
stack_top:

        .section .text
        .globl  _start
        .type   _start, @function
_start:
        cli
        cld
        movl    $stack_top, %esp
        xorl    %ebp, %ebp
        pushl   %ebx                            /* arg 2: multiboot info */
        pushl   %eax                            /* arg 1: boot magic     */
        call    kmain                           /* never returns ...      */
1:      cli                                     /* ... but just in case  */
        hlt
        jmp     1b
        .size   _start, . - _start

        .section .note.GNU-stack, "", @progbits
