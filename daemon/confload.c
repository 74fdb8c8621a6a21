/* SPDX-License-Identifier: MIT */
#include "daemon/confload.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

__attribute__((format(printf, 2, 3))) static void say(FILE *out, const char *fmt, ...);

static void say(FILE *out, const char *fmt, ...)
{
	va_list ap;

	if (!out)
		return;
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
}

/* Read at most CONFIG_MAX_SIZE bytes of @path into a new buffer; one more means too big. */
static char *file_read(const char *path, size_t *len, FILE *errout)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f) {
		say(errout, "%s: cannot open: %s\n", path, strerror(errno));
		return NULL;
	}
	buf = malloc(CONFIG_MAX_SIZE + 1);
	if (!buf) {
		say(errout, "%s: out of memory\n", path);
		goto err_close;
	}
	n = fread(buf, 1, CONFIG_MAX_SIZE + 1, f);
	if (ferror(f)) {
		say(errout, "%s: cannot read: %s\n", path, strerror(errno));
		goto err_free;
	}
	if (n > CONFIG_MAX_SIZE) {
		say(errout, "%s: file is too big (more than %d bytes)\n", path, CONFIG_MAX_SIZE);
		goto err_free;
	}
	fclose(f);
	*len = n;
	return buf;

err_free:
	free(buf);
err_close:
	fclose(f);
	return NULL;
}

int confload_file(const char *path, struct config *cfg, FILE *errout)
{
	struct config_errors *errs;
	size_t len;
	char *buf;
	int rc;

	buf = file_read(path, &len, errout);
	if (!buf)
		return -1;
	errs = calloc(1, sizeof(*errs));
	if (!errs) {
		say(errout, "%s: out of memory\n", path);
		free(buf);
		return -1;
	}
	rc = config_parse(buf, len, cfg, errs);
	for (int i = 0; i < errs->n; i++) {
		if (errs->e[i].line > 0)
			say(errout, "%s:%d: %s\n", path, errs->e[i].line, errs->e[i].message);
		else
			say(errout, "%s: %s\n", path, errs->e[i].message);
	}
	if (errs->dropped > 0)
		say(errout, "%s: %d more errors not shown\n", path, errs->dropped);
	free(errs);
	free(buf);
	return rc;
}

int confload_check(const char *path, FILE *out)
{
	struct config *cfg = malloc(sizeof(*cfg));
	int rc;

	if (!cfg) {
		say(out, "%s: out of memory\n", path);
		return 2;
	}
	rc = confload_file(path, cfg, out);
	free(cfg);
	return rc == 0 ? 0 : 2;
}
