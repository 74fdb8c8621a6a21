/* SPDX-License-Identifier: MIT */
/*
 * The appliance's address on the LAN, so that the sign can tell staff where
 * the console is (the closed screen's status line, docs/display.md).
 */
#ifndef MACHIAI_DISPLAY_NETADDR_H
#define MACHIAI_DISPLAY_NETADDR_H

#include <stddef.h>

/**
 * netaddr_console_url() - the staff console's URL for the daemon at
 * @source_url (the sign's source): its host when that is not a loopback
 * address; else the first address of this machine, IPv4 before IPv6, at
 * which the daemon's port accepts a connection (the daemon listens on the
 * LAN). Written to @out (@size bytes) as "http://ADDRESS:PORT/console".
 * Return: 0, or -1 when there is none (the daemon listens on loopback only,
 * no LAN, or @source_url is not a URL).
 */
int netaddr_console_url(const char *source_url, char *out, size_t size);

#endif
