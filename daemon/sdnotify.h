/* SPDX-License-Identifier: MIT */
/*
 * The systemd notification protocol (sd_notify(3)) without libsystemd: one
 * datagram to the AF_UNIX socket named by $NOTIFY_SOCKET. When the daemon
 * does not run under systemd ($NOTIFY_SOCKET unset) every call is a no-op.
 *
 * machiaid.service is Type=notify with WatchdogSec=: the loop sends
 * sdnotify_send("READY=1") once the API listens, then
 * sdnotify_send("WATCHDOG=1") every sdnotify_watchdog_ms() / 2.
 */
#ifndef MACHIAI_DAEMON_SDNOTIFY_H
#define MACHIAI_DAEMON_SDNOTIFY_H

#include <stdint.h>

#define SDNOTIFY_MSG_MAX 512 /* bytes of one message, longer ones are refused */

/**
 * sdnotify_send() - send @msg ("READY=1", "WATCHDOG=1", "STATUS=...",
 * "STOPPING=1"; several may be joined by newlines) to $NOTIFY_SOCKET.
 * A socket name starting with '@' is in the abstract namespace.
 *
 * Return: 1 when sent, 0 when $NOTIFY_SOCKET is unset, -1 on error with
 * errno set (EINVAL for a bad socket name or a message over
 * SDNOTIFY_MSG_MAX, or the error of socket()/sendto()).
 */
int sdnotify_send(const char *msg);

/**
 * sdnotify_watchdog_ms() - the watchdog period systemd expects, from
 * $WATCHDOG_USEC when $WATCHDOG_PID is unset or names this process.
 *
 * Return: the period in milliseconds (at least 1), or 0 when no watchdog is
 * configured or the variables are malformed.
 */
int64_t sdnotify_watchdog_ms(void);

#endif
