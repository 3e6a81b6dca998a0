/* serial.h - polled output on the first PC serial port (COM1). */
#ifndef HELLO_SERIAL_H
#define HELLO_SERIAL_H

#include <stddef.h>
#include <stdint.h>

void serial_init(void);
void serial_putc(char c);                         /* "\n" is sent as "\r\n" */
void serial_write(const char *s, size_t len);     /* exactly len bytes      */
void serial_puts(const char *s);                  /* NUL-terminated string  */
void serial_putu(uint32_t v);                     /* unsigned decimal       */

#endif
