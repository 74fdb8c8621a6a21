/* SPDX-License-Identifier: MIT */
/* A list of "JSON-path: message" errors, collected rather than stopping at the first. */
#ifndef MACHIAI_DISPLAY_DIAG_H
#define MACHIAI_DISPLAY_DIAG_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#define DIAG_MAX 32

struct diag {
	char msg[DIAG_MAX][200];
	int n; /* messages stored */
	int dropped; /* beyond DIAG_MAX */
};

/** diag_add() - append "@path: message" to @d. */
__attribute__((format(printf, 3, 4))) void diag_add(struct diag *d, const char *path,
						    const char *fmt, ...);

/** diag_print() - write every message of @d as "@file: message" lines to @out. */
void diag_print(const struct diag *d, const char *file, FILE *out);

/**
 * diag_read_file() - all of @path, at most @max bytes, NUL-terminated, into
 * a malloc'd buffer (*@len bytes) that the caller frees; a file that cannot
 * be read or is larger is reported on stderr as "PATH: why".
 * Return: the buffer, or NULL.
 */
char *diag_read_file(const char *path, size_t max, size_t *len);

/**
 * diag_load_object() - parse @buf (@len bytes, at most @max) as a JSON object,
 * rejecting duplicate keys. Problems (too large, syntax with line and column,
 * not an object) are added to @d.
 * Return: the object, to be released with json_decref(), or NULL.
 */
json_t *diag_load_object(const char *buf, size_t len, size_t max, struct diag *d);

#endif
