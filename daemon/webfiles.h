/* SPDX-License-Identifier: MIT */
/* Static files of the staff console (web/console/), read from one folder. */
#ifndef MACHIAI_DAEMON_WEBFILES_H
#define MACHIAI_DAEMON_WEBFILES_H

#include <stddef.h>

#define WEBFILES_FILE_MAX (1024 * 1024) /* larger files are not served */

/**
 * webfiles_name_ok() - whether @name is a plain file name we serve: letters,
 * digits, '.', '_' and '-', not starting with '.', at most 64 bytes.
 */
int webfiles_name_ok(const char *name);

/**
 * webfiles_read() - read file @name of folder @dir.
 * Return: 0 with *@data (malloc'd, caller frees), *@len and *@type (a static
 * MIME type) set; -1 with errno set (ENOENT for a missing or refused name).
 */
int webfiles_read(const char *dir, const char *name, char **data, size_t *len, const char **type);

/**
 * webfiles_find_dir() - the folder of web page @name ("console", "kiosk"):
 * @configured if not empty, else the first of EXE_DIR/../web/NAME,
 * EXE_DIR/../../web/NAME (the build trees) and /usr/share/machiai/NAME
 * that holds index.html; into @buf.
 * Return: 0, or -1 when none does.
 */
int webfiles_find_dir(const char *configured, const char *name, char *buf, size_t size);

#endif
