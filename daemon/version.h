/* SPDX-License-Identifier: MIT */
/* The version of machiaid, as printed by --version and served by /healthz. */
#ifndef MACHIAI_DAEMON_VERSION_H
#define MACHIAI_DAEMON_VERSION_H

#define MACHIAI_VERSION "0.1.0"

#endif
