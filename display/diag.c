/* SPDX-License-Identifier: MIT */
#include "display/diag.h"

#include <stdarg.h>

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
