/* SPDX-License-Identifier: MIT */
#include "display/diag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_add(struct diag *d, const char *path, const char *fmt, ...)
{
	char text[160];
	va_list ap;

	if (d->n >= DIAG_MAX) {
		d->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	snprintf(d->msg[d->n++], sizeof(d->msg[0]), "%s: %s", path, text);
}

void diag_print(const struct diag *d, const char *file, FILE *out)
{
	for (int i = 0; i < d->n; i++)
		fprintf(out, "%s: %s\n", file, d->msg[i]);
	if (d->dropped)
		fprintf(out, "%s: %d more errors\n", file, d->dropped);
}

json_t *diag_load_object(const char *buf, size_t len, size_t max, struct diag *d)
{
	json_error_t jerr;
	json_t *root;

	if (len > max) {
		diag_add(d, "$", "file larger than %zu bytes", max);
		return NULL;
	}
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		char where[64];

		snprintf(where, sizeof(where), "line %d column %d", jerr.line, jerr.column);
		diag_add(d, where, "%s", jerr.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		diag_add(d, "$", "must be an object");
		json_decref(root);
		return NULL;
	}
	return root;
}

char *diag_read_file(const char *path, size_t max, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;

	if (!fp) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return NULL;
	}
	buf = malloc(max + 1);
	if (!buf) {
		fclose(fp);
		return NULL;
	}
	*len = fread(buf, 1, max + 1, fp);
	fclose(fp);
	if (*len > max) {
		fprintf(stderr, "%s: larger than %zu bytes\n", path, max);
		free(buf);
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}
