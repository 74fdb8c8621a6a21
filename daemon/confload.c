/* SPDX-License-Identifier: MIT */
#include "daemon/confload.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"

/* Where and in which languages errors are printed. */
struct confload_out {
	FILE *f; /* NULL: not printed */
	enum confload_lang lang[CONFLOAD_LANGS_MAX];
	int n_lang;
};

static const char *const lang_codes[] = { [CONFLOAD_EN] = "en", [CONFLOAD_JA] = "ja" };

/*
 * Prints one error or warning of @path: "PATH:LINE: message" in the first
 * language (no ":LINE" when @line is 0), then a line "\tCODE: message" for
 * each further language.
 */
static void out_error(const struct confload_out *o, const char *path, int line, bool warning,
		      const char *en, const char *ja)
{
	for (int i = 0; o->f && i < o->n_lang; i++) {
		bool is_ja = o->lang[i] == CONFLOAD_JA;
		const char *w = !warning ? "" : is_ja ? "警告: " : "warning: ";
		const char *msg = is_ja ? ja : en;

		if (i > 0)
			fprintf(o->f, "\t%s: %s%s\n", lang_codes[o->lang[i]], w, msg);
		else if (line > 0)
			fprintf(o->f, "%s:%d: %s%s\n", path, line, w, msg);
		else
			fprintf(o->f, "%s: %s%s\n", path, w, msg);
	}
}

/* An error about the file as a whole, in the languages of @o (core/config_ja.c). */
__attribute__((format(printf, 3, 4))) static void file_error(const struct confload_out *o,
							     const char *path, const char *fmt, ...)
{
	const char *ja = config_error_ja(fmt);
	char en_text[256], ja_text[512];
	va_list ap, aq;

	va_start(ap, fmt);
	va_copy(aq, ap);
	vsnprintf(en_text, sizeof(en_text), fmt, ap);
	vsnprintf(ja_text, sizeof(ja_text), ja ? ja : fmt, aq);
	va_end(aq);
	va_end(ap);
	out_error(o, path, 0, false, en_text, ja_text);
}

/* Words for staff for the usual reasons a file cannot be read; else strerror(). */
static const char *errno_ja(int err)
{
	switch (err) {
	case ENOENT:
		return "ファイルがありません";
	case EACCES:
	case EPERM:
		return "読む権限がありません";
	case EISDIR:
		return "ファイルではなくフォルダーです";
	case EIO:
		return "カードから読めません（カードの不良か接触の不良）";
	default:
		return strerror(err);
	}
}

/* vsnprintf() into @buf of a format taken from the table: it has @fmt's conversions. */
static void text_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
}

/* file_error() with the reason @err: strerror() in English, errno_ja() in Japanese. */
static void file_error_errno(const struct confload_out *o, const char *path, const char *fmt,
			     int err)
{
	const char *ja = config_error_ja(fmt);
	char en_text[256], ja_text[512];

	text_format(en_text, sizeof(en_text), fmt, strerror(err));
	text_format(ja_text, sizeof(ja_text), ja ? ja : fmt, errno_ja(err));
	out_error(o, path, 0, false, en_text, ja_text);
}

/* Read at most CONFIG_MAX_SIZE bytes of @path into a new buffer; one more means too big. */
static char *file_read(const char *path, size_t *len, const struct confload_out *o)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f) {
		file_error_errno(o, path, "cannot open: %s", errno);
		return NULL;
	}
	buf = malloc(CONFIG_MAX_SIZE + 1);
	if (!buf) {
		file_error(o, path, "out of memory");
		goto err_close;
	}
	n = fread(buf, 1, CONFIG_MAX_SIZE + 1, f);
	if (ferror(f)) {
		file_error_errno(o, path, "cannot read: %s", errno);
		goto err_free;
	}
	if (n > CONFIG_MAX_SIZE) {
		file_error(o, path, "file is too big (more than %d bytes)", CONFIG_MAX_SIZE);
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

static int load(const char *path, struct config *cfg, const struct confload_out *o, int64_t now_ms)
{
	struct config_errors *errs;
	size_t len;
	char *buf;
	int rc;

	buf = file_read(path, &len, o);
	if (!buf)
		return -1;
	errs = calloc(1, sizeof(*errs));
	if (!errs) {
		file_error(o, path, "out of memory");
		free(buf);
		return -1;
	}
	rc = config_parse(buf, len, cfg, errs);
	if (now_ms) {
		struct civil c;

		civil_from_ms(now_ms, cfg->utc_offset_minutes, &c);
		if (config_check_dates(cfg, c.yyyymmdd, errs) > 0)
			rc = -1;
	}
	for (int i = 0; i < errs->n; i++)
		out_error(o, path, errs->e[i].line, errs->e[i].warning, errs->e[i].message,
			  errs->e[i].message_ja);
	if (errs->dropped > 0)
		file_error(o, path, "%d more errors not shown", errs->dropped);
	free(errs);
	free(buf);
	return rc;
}

int confload_file(const char *path, struct config *cfg, FILE *errout)
{
	const struct confload_out o = { errout, { CONFLOAD_EN }, 1 };

	return load(path, cfg, &o, 0);
}

int confload_langs_parse(const char *list, enum confload_lang *langs)
{
	const char *s = list;
	int n = 0;

	while (*s) {
		size_t len = strcspn(s, ",");
		int l = -1;

		for (int i = 0; i < (int)(sizeof(lang_codes) / sizeof(lang_codes[0])); i++) {
			if (len == strlen(lang_codes[i]) && strncmp(s, lang_codes[i], len) == 0)
				l = i;
		}
		for (int i = 0; i < n; i++) {
			if ((int)langs[i] == l)
				l = -1;
		}
		if (l < 0 || n == CONFLOAD_LANGS_MAX)
			return -1;
		langs[n++] = (enum confload_lang)l;
		s += len;
		if (*s == ',' && *++s == '\0')
			return -1;
	}
	return n > 0 ? n : -1;
}

int confload_check_lang(const char *path, FILE *out, const enum confload_lang *langs, int n,
			int64_t now_ms)
{
	struct confload_out o = { out, { CONFLOAD_EN }, 1 };
	struct config *cfg = malloc(sizeof(*cfg));
	int rc;

	for (int i = 0; i < n && i < CONFLOAD_LANGS_MAX; i++)
		o.lang[i] = langs[i];
	o.n_lang = n < CONFLOAD_LANGS_MAX ? n : CONFLOAD_LANGS_MAX;
	if (!cfg) {
		file_error(&o, path, "out of memory");
		return 2;
	}
	rc = load(path, cfg, &o, now_ms);
	free(cfg);
	return rc == 0 ? 0 : 2;
}

int confload_check(const char *path, FILE *out, int64_t now_ms)
{
	const enum confload_lang en = CONFLOAD_EN;

	return confload_check_lang(path, out, &en, 1, now_ms);
}
