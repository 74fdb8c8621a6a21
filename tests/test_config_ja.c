/* SPDX-License-Identifier: MIT */
/*
 * Every config error and warning has its Japanese (core/config_ja.c): the
 * English printf formats are read from the calls in the sources
 * (perr() and pwarn() of core/config.c, file_error() and file_error_errno()
 * of daemon/confload.c), and each must have a row whose Japanese has the
 * same conversions in the same order; a row that no call uses is stale.
 * Run from the top of the tree (make check does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/config_ja.c"

#define SOURCE_MAX (512 * 1024)
#define FORMATS_MAX 512
#define FORMAT_MAX 512
#define ROWS (sizeof(config_ja_rows) / sizeof(config_ja_rows[0]))

static const struct {
	const char *file;
	const char *fn[3];
} sources[] = {
	{ "core/config.c", { "perr", "pwarn", NULL } },
	{ "daemon/confload.c", { "file_error", "file_error_errno", NULL } },
};

struct found {
	char fmt[FORMAT_MAX];
	char where[96]; /* "core/config.c:123" */
};

static struct found formats[FORMATS_MAX];
static int n_formats;

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, SOURCE_MAX + 1);
	size_t n;

	if (!f)
		fail_msg("%s: cannot open (run from the top of the tree)", path);
	assert_non_null(buf);
	n = fread(buf, 1, SOURCE_MAX, f);
	assert_true(n < SOURCE_MAX);
	fclose(f);
	return buf;
}

/* Blanks out comments, leaving string and character literals as they are. */
static void comments_blank(char *s)
{
	char quote = 0;

	for (char *p = s; *p; p++) {
		if (quote) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (p[0] == '/' && p[1] == '*') {
			char *end = strstr(p + 2, "*/");

			end = end ? end + 2 : p + strlen(p);
			for (; p < end; p++)
				*p = *p == '\n' ? '\n' : ' ';
			p--;
		} else if (p[0] == '/' && p[1] == '/') {
			for (; *p && *p != '\n'; p++)
				*p = ' ';
			p--;
		}
	}
}

static int hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10;
}

/*
 * The string literal at @s (at its '"'), and those right after it, joined and
 * unescaped into @out. Return: where the literals end.
 */
static const char *literal_read(const char *s, char *out, size_t size)
{
	size_t o = 0;

	while (*s == '"') {
		for (s++; *s && *s != '"'; s++) {
			char c = *s;

			if (c == '\\') {
				c = *++s;
				if (c == 'x') {
					int v = 0;

					while (strchr("0123456789abcdefABCDEF", s[1]) && s[1])
						v = v * 16 + hex(*++s);
					c = (char)v;
				} else if (c == 'n') {
					c = '\n';
				} else if (c == 't') {
					c = '\t';
				}
			}
			assert_true(o + 1 < size);
			out[o++] = c;
		}
		s++;
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
	}
	out[o] = '\0';
	return s;
}

static bool is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* The format of every call of @fn in @src (of @file). */
static void formats_find(const char *file, const char *src, const char *fn)
{
	size_t n = strlen(fn);

	for (const char *p = strstr(src, fn); p; p = strstr(p + 1, fn)) {
		const char *a = p + n, *q;
		int line = 1;

		if ((p > src && is_ident(p[-1])) || *a != '(')
			continue;
		for (a++; *a == ' ' || *a == '\t' || *a == '\n';)
			a++;
		if (!strncmp(a, "struct ", 7) || !strncmp(a, "const ", 6))
			continue; /* the definition or a declaration */
		q = strchr(a, '"');
		assert_non_null(q);
		assert_true(n_formats < FORMATS_MAX);
		literal_read(q, formats[n_formats].fmt, FORMAT_MAX);
		for (const char *c = src; c < p; c++)
			line += *c == '\n';
		snprintf(formats[n_formats].where, sizeof(formats[0].where), "%s:%d", file, line);
		n_formats++;
	}
}

/* The conversions of printf format @fmt, as "s,zu,d,". */
static void conversions(const char *fmt, char *out, size_t size)
{
	size_t o = 0;

	out[0] = '\0';
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p, '%')) {
		const char *start;

		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		while (*p && strchr("0123456789$-+ #.*", *p))
			p++;
		start = p;
		while (*p && strchr("hlzjtL", *p))
			p++;
		assert_true(*p != '\0');
		p++;
		o += (size_t)snprintf(out + o, size - o, "%.*s,", (int)(p - start), start);
		assert_true(o < size);
	}
}

static void test_every_error_has_japanese(void **state)
{
	int missing = 0;

	(void)state;
	for (int i = 0; i < n_formats; i++) {
		const char *ja = config_error_ja(formats[i].fmt);
		char ce[128], cj[128];

		if (!ja) {
			print_error("%s: no Japanese in core/config_ja.c for \"%s\"\n",
				    formats[i].where, formats[i].fmt);
			missing++;
			continue;
		}
		conversions(formats[i].fmt, ce, sizeof(ce));
		conversions(ja, cj, sizeof(cj));
		if (strcmp(ce, cj) != 0) {
			print_error("%s: the Japanese of \"%s\" has conversions %s, not %s\n",
				    formats[i].where, formats[i].fmt, cj, ce);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

static void test_no_stale_rows(void **state)
{
	int stale = 0;

	(void)state;
	for (size_t r = 0; r < ROWS; r++) {
		bool used = false;

		for (int i = 0; i < n_formats && !used; i++)
			used = strcmp(formats[i].fmt, config_ja_rows[r].en) == 0;
		for (size_t k = 0; k < r; k++) {
			if (strcmp(config_ja_rows[k].en, config_ja_rows[r].en) == 0) {
				print_error("core/config_ja.c: \"%s\" twice\n",
					    config_ja_rows[r].en);
				stale++;
			}
		}
		if (!used) {
			print_error("core/config_ja.c: no call uses \"%s\"\n",
				    config_ja_rows[r].en);
			stale++;
		}
	}
	assert_int_equal(stale, 0);
}

/* The scanner itself: it finds calls across lines and joined literals. */
static void test_scanner(void **state)
{
	char c[64];

	(void)state;
	assert_true(n_formats >= 100);
	for (int i = 0; i < n_formats; i++) {
		if (strstr(formats[i].fmt, "use a half-width '='"))
			assert_string_equal(formats[i].fmt,
					    "use a half-width '=' instead of '\xEF\xBC\x9D'");
	}
	conversions("%s: %zu of %ld, 100%% %c %d", c, sizeof(c));
	assert_string_equal(c, "s,zu,ld,c,d,");
	assert_null(config_error_ja("no such message"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scanner),
		cmocka_unit_test(test_every_error_has_japanese),
		cmocka_unit_test(test_no_stale_rows),
	};

	for (size_t f = 0; f < sizeof(sources) / sizeof(sources[0]); f++) {
		char *src = slurp(sources[f].file);

		comments_blank(src);
		for (int k = 0; sources[f].fn[k]; k++)
			formats_find(sources[f].file, src, sources[f].fn[k]);
		free(src);
	}
	return cmocka_run_group_tests_name("config_ja", tests, NULL, NULL);
}
