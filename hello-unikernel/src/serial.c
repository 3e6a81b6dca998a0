/*
 * serial.c - COM1 (I/O port 0x3F8), 115200 baud 8N1, no interrupts: every
 * byte waits for the transmitter holding register to be empty.  Under QEMU
 * this is what ends up on `-serial stdio` / `-nographic`.
 */
#include "serial.h"
#include "io.h"

#define COM1 0x3F8
#define THR  (COM1 + 0)   /* transmit holding register (DLAB=0)  */
#define DLL  (COM1 + 0)   /* divisor latch low (DLAB=1)          */
#define IER  (COM1 + 1)   /* interrupt enable (DLAB=0)           */
#define DLM  (COM1 + 1)   /* divisor latch high (DLAB=1)         */
#define FCR  (COM1 + 2)   /* FIFO control                        */
#define LCR  (COM1 + 3)   /* line control                        */
#define MCR  (COM1 + 4)   /* modem control                       */
#define LSR  (COM1 + 5)   /* line status                         */
#define LSR_THRE 0x20     /* transmitter holding register empty  */

void serial_init(void)
{
    outb(IER, 0x00);      /* no interrupts, we poll               */
    outb(LCR, 0x80);      /* DLAB=1 to program the baud divisor   */
    outb(DLL, 0x01);      /* divisor 1 = 115200 baud              */
    outb(DLM, 0x00);
    outb(LCR, 0x03);      /* DLAB=0, 8 data bits, no parity, 1 stop */
    outb(FCR, 0xC7);      /* enable + clear FIFOs                 */
    outb(MCR, 0x03);      /* DTR + RTS                            */
}

static void put_raw(char c)
{
    while (!(inb(LSR) & LSR_THRE))
        ;
    outb(THR, (uint8_t)c);
}

void serial_putc(char c)
{
    if (c == '\n')
        put_raw('\r');
    put_raw(c);
}

void serial_write(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        serial_putc(s[i]);
}

void serial_puts(const char *s)
{
    while (*s)
        serial_putc(*s++);
}

void serial_putu(uint32_t v)
{
    char buf[10];                 /* 4294967295 has 10 digits */
    int n = 0;
    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        serial_putc(buf[--n]);
}
