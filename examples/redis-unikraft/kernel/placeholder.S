/* Stand-in kernel for examples and tests: a valid x86-64 ELF that only halts. */
  .globl _start
  .text
_start:
  hlt
  jmp _start
