/* SPDX-License-Identifier: MIT */
/*
 * The connection to the printer: a character device (the kernel's usblp,
 * /dev/usb/lp0; a serial or pseudo-terminal device is put in raw mode) or
 * raw TCP (port 9100). Every operation has a deadline: a printer that stops
 * reading or answering fails the operation after it, and never hangs the
 * caller for longer.
 */
#ifndef MACHIAI_PRINTER_PORT_H
#define MACHIAI_PRINTER_PORT_H

#include <stddef.h>
#include <stdint.h>

#define PORT_TCP_SNDBUF (16 * 1024) /* kernel send buffer: "sent" stays close to "printed" */

struct port;

/**
 * port_open() - connect to @device (an absolute path) or @host
 * ("HOST:PORT", "[V6]:PORT"), whichever is not empty, within @timeout_ms.
 * Return: the port, to be closed with port_close(), or NULL with a reason
 * in @err (@errsize bytes).
 */
struct port *port_open(const char *device, const char *host, int timeout_ms, char *err,
		       size_t errsize);

/** port_close() - close @p; NULL is fine. */
void port_close(struct port *p);

/**
 * port_write() - send @len bytes of @data. The printer may take its time,
 * but when it takes none of them for @stall_ms the write fails.
 * Return: 0, or -1 with errno set (ETIMEDOUT for a stall).
 */
int port_write(struct port *p, const uint8_t *data, size_t len, int stall_ms);

/**
 * port_status() - throw away what the printer sent unasked, send @query
 * (@qlen bytes) and read @rlen bytes of answer into @reply within
 * @timeout_ms.
 * Return: 0, or -1 with errno set (ETIMEDOUT when the answer did not come).
 */
int port_status(struct port *p, const uint8_t *query, size_t qlen, uint8_t *reply, size_t rlen,
		int timeout_ms);

#endif
