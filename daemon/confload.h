/* SPDX-License-Identifier: MIT */
/*
 * Loading machiai.conf from a file: the I/O edge of core/config.h.
 * Errors are printed as "FILE:LINE: message", or "FILE: message" for the
 * file as a whole (docs/config.md).
 */
#ifndef MACHIAI_DAEMON_CONFLOAD_H
#define MACHIAI_DAEMON_CONFLOAD_H

#include <stdio.h>

#include "core/config.h"

/**
 * confload_file() - read @path (at most CONFIG_MAX_SIZE bytes) and parse it
 * into @cfg. Every error is printed to @errout (NULL: not printed), one per
 * line, in the order of the file; errors beyond CONFIG_MAX_ERRORS are counted
 * in a last line.
 *
 * Return: 0 when @cfg is valid, -1 when the file is missing, unreadable, too
 * big or has any error (then @cfg must not be used).
 */
int confload_file(const char *path, struct config *cfg, FILE *errout);

/**
 * confload_check() - what `machiaid --check-config @path` does: print every
 * error of @path to @out, nothing when it is valid.
 *
 * Return: the process exit code, 0 when valid, 2 otherwise.
 */
int confload_check(const char *path, FILE *out);

#endif
