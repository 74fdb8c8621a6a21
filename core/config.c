/* SPDX-License-Identifier: MIT */
/*
 * machiai.conf (docs/config.md). inih splits the text into sections and
 * key = value pairs. Our own line reader feeds inih from the buffer: it
 * counts lines (Debian's inih has no line numbers in the handler), drops a
 * UTF-8 BOM, CR line ends and indentation, starts sections itself (so that an
 * empty section still counts), and reports the lines inih would reject, so
 * that every error is collected with its line. Checks that need the whole
 * file (missing keys, references between sections) run at the end.
 */
#include "core/config.h"

#include <assert.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define KEY_MAX 64 /* inih passes at most 49 bytes of a key */
#define SECTION_KEYS_MAX 128 /* keys in one section */
#define SHOW_MAX 40 /* bytes of a bad value quoted in a message */
#define ITEM_MAX 64 /* one entry of a comma list */
#define LINE_NAME_MAX ((int)sizeof(((struct config_line *)0)->name))

enum section {
	SECT_NONE, /* before the first section header */
	SECT_SKIP, /* after a bad or repeated header: its keys are ignored */
	SECT_OFFICE,
	SECT_HOURS,
	SECT_CATEGORY,
	SECT_WINDOW,
	SECT_LEVEL,
	SECT_API,
	SECT_FEED,
	SECT_GPIO,
	SECT_DISPLAY,
	SECT_PRINTER,
	SECT_KIOSK,
	SECT_CALENDAR,
	SECT_COUNT
};

static const char *const section_names[SECT_COUNT] = {
	[SECT_OFFICE] = "office",   [SECT_HOURS] = "hours", [SECT_CATEGORY] = "category",
	[SECT_WINDOW] = "window",   [SECT_LEVEL] = "level", [SECT_API] = "api",
	[SECT_FEED] = "feed",	    [SECT_GPIO] = "gpio",   [SECT_DISPLAY] = "display",
	[SECT_PRINTER] = "printer", [SECT_KIOSK] = "kiosk", [SECT_CALENDAR] = "calendar",
};

static const char *const day_keys[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

struct seen_key {
	char key[2 * KEY_MAX];
	int line;
};

struct cat_info {
	int line; /* of the section header */
	int last_line; /* of "last", 0 when not given */
	bool has_name, has_prefix, has_last;
};

struct win_info {
	int line;
	int cats_line;
	bool has_label, has_categories;
	char cats[CONFIG_MAX_CATEGORIES][CONFIG_ID_MAX];
	int n_cats;
};

struct button_info {
	char target[CONFIG_ID_MAX];
	char key[KEY_MAX];
	int line;
};

struct line_use {
	char key[KEY_MAX];
	int line;
	const struct config_line *l;
};

struct parse {
	const char *buf;
	size_t len, pos;
	int line; /* of the line inih is working on */

	struct config *cfg;
	struct config_errors *errs;
	int n_errors; /* found by this parse, stored or dropped */

	enum section sect;
	int sect_index; /* category or window index */
	char sect_label[KEY_MAX]; /* "office", "category A" */
	int section_line[SECT_COUNT]; /* first header of each kind, 0 = none */
	struct seen_key seen[SECTION_KEYS_MAX]; /* keys of the current section */
	int n_seen;

	bool has_office_id, has_office_name;
	struct cat_info cats[CONFIG_MAX_CATEGORIES];
	struct win_info wins[CONFIG_MAX_WINDOWS];
	struct button_info buttons[CONFIG_MAX_BUTTONS];
	struct line_use uses[CONFIG_MAX_BUTTONS + 5];
	int n_uses;
	int ngsi_line, interval_line, min_gap_line;
	int token_line;
	/* keys before any [section]: reported once, at the end */
	int orphan_n, orphan_first, orphan_last;
	char orphan_keys[72]; /* "id, name, name.en, ..." */
	int beam_outer_line, beam_inner_line, min_break_line, blocked_line;
	int status_page_line, device_line, host_line, kiosk_token_line, kiosk_cats_line;
	char kiosk_cats[CONFIG_MAX_CATEGORIES][CONFIG_ID_MAX]; /* as listed */
	int n_kiosk_cats; /* -1 after an error in the list */
	bool dates_full, recurring_full; /* [calendar] limit reported once */
};

/* A value shortened for a message, cut at a UTF-8 character boundary. */
struct shown {
	char s[SHOW_MAX + 4];
};

static struct shown show(const char *v)
{
	struct shown r;
	size_t n = strlen(v);

	if (n <= SHOW_MAX) {
		memcpy(r.s, v, n + 1);
		return r;
	}
	n = SHOW_MAX;
	while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
		n--;
	memcpy(r.s, v, n);
	memcpy(r.s + n, "...", 4);
	return r;
}

/* Cuts @s where a UTF-8 character was left incomplete by a cut at its end. */
static void utf8_trim_cut(char *s)
{
	size_t n = strlen(s), start = n, need;

	while (start > 0 && n - start < 4 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
		start--;
	if (start == 0 || ((unsigned char)s[start - 1] & 0x80) == 0)
		return;
	start--; /* the lead byte */
	need = ((unsigned char)s[start] & 0xE0) == 0xC0	  ? 2
	       : ((unsigned char)s[start] & 0xF0) == 0xE0 ? 3
							  : 4;
	if (n - start < need)
		s[start] = '\0';
}

/*
 * Stores one error or warning in English and, from the table of
 * core/config_ja.c, in Japanese: both formatted from the same arguments.
 */
static void report(struct parse *p, int line, bool warning, const char *fmt, va_list ap)
{
	struct config_errors *errs = p->errs;
	const char *ja = config_error_ja(fmt);
	struct config_error *e;
	va_list aq;

	if (!warning)
		p->n_errors++;
	if (errs->n >= CONFIG_MAX_ERRORS) {
		errs->dropped++;
		return;
	}
	e = &errs->e[errs->n++];
	e->line = line;
	e->warning = warning;
	va_copy(aq, ap);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	vsnprintf(e->message_ja, sizeof(e->message_ja), ja ? ja : fmt, aq);
	va_end(aq);
	utf8_trim_cut(e->message);
	utf8_trim_cut(e->message_ja);
}

/* An error at @line: the file is refused. */
__attribute__((format(printf, 3, 4))) static void perr(struct parse *p, int line, const char *fmt,
						       ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(p, line, false, fmt, ap);
	va_end(ap);
}

/* A warning at @line: the value is taken, but it is likely not what was meant. */
__attribute__((format(printf, 3, 4))) static void pwarn(struct parse *p, int line, const char *fmt,
							...)
{
	va_list ap;

	va_start(ap, fmt);
	report(p, line, true, fmt, ap);
	va_end(ap);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_id_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' ||
	       c == '_';
}

static bool copy_checked(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		return false;
	memcpy(dst, src, n + 1);
	return true;
}

static size_t trimmed(const char **s, size_t n)
{
	while (n > 0 && is_space(**s))
		(*s)++, n--;
	while (n > 0 && is_space((*s)[n - 1]))
		n--;
	return n;
}

/* ---------- the usual mistakes in a value ---------- */

/*
 * Half-width ASCII for the full-width characters a Japanese input method
 * types: U+FF01-U+FF5E (０-９, Ａ-Ｚ, ：, －, ...), the ideographic space, and
 * the dashes and waves written between two times (〜, ～, ー, −, ‐, –, —).
 * Return: the ASCII character for the UTF-8 character at @s, with its
 * length in *@len; 0 when it has none.
 */
static char halfwidth_char(const char *s, size_t *len)
{
	static const char *const dashes[] = { "\xE3\x80\x9C", "\xEF\xBD\x9E", "\xE3\x83\xBC",
					      "\xE2\x88\x92", "\xE2\x80\x90", "\xE2\x80\x93",
					      "\xE2\x80\x94" };
	const unsigned char *u = (const unsigned char *)s;
	unsigned cp;

	*len = 3;
	for (size_t i = 0; i < sizeof(dashes) / sizeof(dashes[0]); i++) {
		if (strncmp(s, dashes[i], 3) == 0)
			return '-';
	}
	if (strncmp(s, "\xE3\x80\x80", 3) == 0)
		return ' ';
	if (strncmp(s, "\xE3\x80\x81", 3) == 0)
		return ',';
	if (u[0] != 0xEF || (u[1] != 0xBC && u[1] != 0xBD) || (u[2] & 0xC0) != 0x80)
		return 0;
	cp = 0xF000u | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
	if (cp < 0xFF01 || cp > 0xFF5E)
		return 0;
	return (char)(cp - 0xFEE0);
}

/* @v (@n bytes) between a pair of quotes: "...", '...' or “...”. */
static bool quoted(const char *v, size_t n)
{
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0])
		return true;
	return n >= 6 && strncmp(v, "\xE2\x80\x9C", 3) == 0 &&
	       strncmp(v + n - 3, "\xE2\x80\x9D", 3) == 0;
}

/* Checks a value suggested by value_hint(): @ctx is what the caller needs. */
typedef bool value_ok_fn(const char *value, const void *ctx);

enum hint {
	HINT_NONE,
	HINT_COMMENT, /* "80 # 定員": '#' after a value is not a comment */
	HINT_FULLWIDTH, /* "３" */
	HINT_QUOTES, /* "\"80\"" */
};

/*
 * What @value would be without the usual mistakes of a file typed in
 * Notepad with a Japanese input method: a '#' comment after it, full-width
 * characters, quotes around it. The first mistake found is returned, and
 * the value without all of them is put in @fixed (@size bytes).
 */
static enum hint hint_find(const char *value, char *fixed, size_t size)
{
	enum hint h = HINT_NONE;
	const char *v = value;
	size_t n = strlen(value), o = 0;

	for (size_t i = 1; i < n; i++) {
		if (value[i] == '#' && is_space(value[i - 1])) {
			n = trimmed(&v, i);
			h = HINT_COMMENT;
			break;
		}
	}
	for (size_t i = 0; i < n && o + 1 < size;) {
		size_t len;
		char c = (unsigned char)v[i] >= 0x80 ? halfwidth_char(v + i, &len) : 0;

		if (c) {
			h = h == HINT_NONE ? HINT_FULLWIDTH : h;
			fixed[o++] = c;
			i += len;
		} else {
			fixed[o++] = v[i++];
		}
	}
	fixed[o] = '\0';
	if (quoted(fixed, o)) {
		size_t q = fixed[0] == '"' || fixed[0] == '\'' ? 1 : 3;

		memmove(fixed, fixed + q, o - 2 * q);
		fixed[o - 2 * q] = '\0';
		h = h == HINT_NONE ? HINT_QUOTES : h;
	}
	return h;
}

/*
 * Reports @value of key @name, which did not parse, when it shows one of the
 * mistakes of hint_find(): what was found, and what to write when the value
 * without the mistakes passes @ok (called with @ctx).
 * Return: true when reported; false leaves the report to the caller.
 */
static bool value_hint(struct parse *p, const char *name, const char *value, value_ok_fn *ok,
		       const void *ctx)
{
	char fixed[256];
	enum hint h = hint_find(value, fixed, sizeof(fixed));
	bool good = h != HINT_NONE && fixed[0] && ok(fixed, ctx);

	switch (h) {
	case HINT_NONE:
		return false;
	case HINT_COMMENT:
		if (good)
			perr(p, p->line,
			     "%s: '%s': a '#' after a value does not start a comment; write %s "
			     "(a comment goes on its own line, or after ' ;')",
			     name, show(value).s, show(fixed).s);
		else
			perr(p, p->line,
			     "%s: '%s': a '#' after a value does not start a comment "
			     "(a comment goes on its own line, or after ' ;')",
			     name, show(value).s);
		return true;
	case HINT_FULLWIDTH:
		if (good)
			perr(p, p->line,
			     "%s: '%s' has full-width characters; write it half-width: %s", name,
			     show(value).s, show(fixed).s);
		else
			perr(p, p->line,
			     "%s: '%s' has full-width characters; write digits, letters and "
			     "symbols half-width",
			     name, show(value).s);
		return true;
	case HINT_QUOTES:
		if (!good)
			return false;
		perr(p, p->line, "%s: '%s': values need no quotes; write %s", name, show(value).s,
		     show(fixed).s);
		return true;
	}
	return false;
}

/* A text taken as it is (a name, a token): warn of quotes, which are kept. */
static void quotes_warn(struct parse *p, const char *name, const char *value, bool secret)
{
	if (!quoted(value, strlen(value)))
		return;
	if (secret)
		pwarn(p, p->line, "%s: the quotes are part of the value (values need no quotes)",
		      name);
	else
		pwarn(p, p->line,
		      "%s: the quotes are part of the value and are shown: %s "
		      "(values need no quotes)",
		      name, show(value).s);
}

/* ---------- values ---------- */

/* A whole number in [min, max]: 0, -1 when not a number, -2 when out of range. */
static int parse_int(const char *s, long min, long max, int *out)
{
	const char *q = s;
	long v = 0;

	if (*q == '-')
		q++;
	if (!is_digit(*q))
		return -1;
	for (; is_digit(*q); q++) {
		if (v < 100000000)
			v = v * 10 + (*q - '0');
	}
	if (*q != '\0')
		return -1;
	if (*s == '-')
		v = -v;
	if (v < min || v > max)
		return -2;
	*out = (int)v;
	return 0;
}

struct int_range {
	long min, max;
};

/* A whole number, in range or not: value_ok_fn of struct int_range. */
static bool int_ok(const char *value, const void *ctx)
{
	const struct int_range *r = ctx;
	int v;

	return parse_int(value, r->min, r->max, &v) != -1;
}

static bool get_int(struct parse *p, const char *name, const char *value, long min, long max,
		    int *out)
{
	struct int_range range = { min, max };
	int rc;

	if (*value == '\0') {
		perr(p, p->line, "%s: no value (a whole number from %ld to %ld)", name, min, max);
		return false;
	}
	rc = parse_int(value, min, max, out);
	if (rc == -1) {
		if (!value_hint(p, name, value, int_ok, &range))
			perr(p, p->line, "%s: '%s' is not a whole number", name, show(value).s);
		return false;
	}
	if (rc == -2) {
		perr(p, p->line, "%s: %s is out of range (%ld to %ld)", name, value, min, max);
		return false;
	}
	return true;
}

/* yes/no and its synonyms into @out; false when it is neither. */
static bool bool_parse(const char *value, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(value, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(value, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

static bool bool_ok(const char *value, const void *ctx)
{
	bool b;

	(void)ctx;
	return bool_parse(value, &b);
}

static bool get_bool(struct parse *p, const char *name, const char *value, bool *out)
{
	if (bool_parse(value, out))
		return true;
	if (!value_hint(p, name, value, bool_ok, NULL))
		perr(p, p->line, "%s: '%s' is not yes or no", name, show(value).s);
	return false;
}

struct choices {
	const char *const *names;
	int n;
};

/* Index of @value in @c (case-insensitive), or -1. */
static int choice_index(const char *value, const struct choices *c)
{
	for (int i = 0; i < c->n; i++) {
		if (strcasecmp(value, c->names[i]) == 0)
			return i;
	}
	return -1;
}

static bool choice_ok(const char *value, const void *ctx)
{
	return choice_index(value, ctx) >= 0;
}

/* Index of @value in @choices (2 to 4 of them), or -1 after reporting it. */
static int get_choice(struct parse *p, const char *name, const char *value,
		      const char *const *choices, int n)
{
	const struct choices c = { choices, n };
	struct shown v = show(value);
	int i = choice_index(value, &c);

	assert(n >= 2 && n <= 4);
	if (i >= 0 || value_hint(p, name, value, choice_ok, &c))
		return i;
	if (n == 2)
		perr(p, p->line, "%s: '%s' is not %s or %s", name, v.s, choices[0], choices[1]);
	else if (n == 3)
		perr(p, p->line, "%s: '%s' is not %s, %s or %s", name, v.s, choices[0], choices[1],
		     choices[2]);
	else
		perr(p, p->line, "%s: '%s' is not %s, %s, %s or %s", name, v.s, choices[0],
		     choices[1], choices[2], choices[3]);
	return -1;
}

static bool get_string(struct parse *p, const char *name, const char *value, char *dst, size_t size)
{
	if (!copy_checked(dst, size, value)) {
		perr(p, p->line, "%s: too long (%zu bytes, at most %zu)", name, strlen(value),
		     size - 1);
		return false;
	}
	return true;
}

/* Printable ASCII without spaces: tokens and keys. */
static bool get_secret(struct parse *p, const char *name, const char *value, char *dst, size_t size,
		       size_t min_len)
{
	size_t n = strlen(value);

	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)value[i] <= 0x20 || (unsigned char)value[i] >= 0x7f) {
			perr(p, p->line,
			     "%s: use ASCII letters, digits and symbols only (no spaces)", name);
			return false;
		}
	}
	if (n > 0 && n < min_len) {
		perr(p, p->line, "%s: too short (%zu characters, at least %zu)", name, n, min_len);
		return false;
	}
	quotes_warn(p, name, value, true);
	return get_string(p, name, value, dst, size);
}

/* http:// or https://, a host name, no spaces: value_ok_fn. */
static bool url_ok(const char *value, const void *ctx)
{
	const char *host = value;

	(void)ctx;
	if (strncasecmp(value, "https://", 8) == 0)
		host = value + 8;
	else if (strncasecmp(value, "http://", 7) == 0)
		host = value + 7;
	for (const char *q = value; *q; q++) {
		if ((unsigned char)*q <= 0x20 || *q == 0x7f)
			return false;
	}
	return host != value && *host != '\0' && *host != '/';
}

static bool get_url(struct parse *p, const char *name, const char *value, char *dst)
{
	const char *host;

	if (*value == '\0') {
		dst[0] = '\0';
		return true;
	}
	if (strncasecmp(value, "https://", 8) == 0)
		host = value + 8;
	else if (strncasecmp(value, "http://", 7) == 0)
		host = value + 7;
	else {
		if (!value_hint(p, name, value, url_ok, NULL))
			perr(p, p->line, "%s: '%s' must start with https:// or http://", name,
			     show(value).s);
		return false;
	}
	if (*host == '\0' || *host == '/') {
		perr(p, p->line, "%s: '%s' has no host name", name, show(value).s);
		return false;
	}
	for (const char *q = value; *q; q++) {
		if ((unsigned char)*q <= 0x20 || *q == 0x7f) {
			if (!value_hint(p, name, value, url_ok, NULL))
				perr(p, p->line, "%s: '%s' contains a space", name, show(value).s);
			return false;
		}
	}
	return get_string(p, name, value, dst, CONFIG_URL_MAX);
}

static bool path_ok(const char *value, const void *ctx)
{
	(void)ctx;
	return value[0] == '/';
}

static bool get_path(struct parse *p, const char *name, const char *value, char *dst, size_t size)
{
	if (value[0] != '/') {
		if (value_hint(p, name, value, path_ok, NULL))
			return false;
		perr(p, p->line, "%s: '%s' is not an absolute path (it must start with /)", name,
		     show(value).s);
		return false;
	}
	return get_string(p, name, value, dst, size);
}

/* "H:MM" or "HH:MM" at @s (@n bytes); 24:00 only when @end. Return minutes or -1. */
static int parse_clock(const char *s, size_t n, bool end)
{
	int h, m;

	if (n == 4 && is_digit(s[0]) && s[1] == ':' && is_digit(s[2]) && is_digit(s[3]))
		h = s[0] - '0', s += 2;
	else if (n == 5 && is_digit(s[0]) && is_digit(s[1]) && s[2] == ':' && is_digit(s[3]) &&
		 is_digit(s[4]))
		h = (s[0] - '0') * 10 + (s[1] - '0'), s += 3;
	else
		return -1;
	m = (s[0] - '0') * 10 + (s[1] - '0');
	if (m > 59 || h > 24 || (h == 24 && (m != 0 || !end)))
		return -1;
	return h * 60 + m;
}

/* "HH:MM-HH:MM": 0, -1 when malformed, -2 when it does not end after it starts. */
static int parse_span(const char *s, struct config_span *out)
{
	const char *dash = strchr(s, '-');
	const char *a = s, *b;
	size_t na, nb;

	if (!dash)
		return -1;
	b = dash + 1;
	na = trimmed(&a, (size_t)(dash - s));
	nb = trimmed(&b, strlen(b));
	out->start = parse_clock(a, na, false);
	out->end = parse_clock(b, nb, true);
	if (out->start < 0 || out->end < 0)
		return -1;
	if (out->start >= out->end)
		return -2;
	return 0;
}

/* A span, in order or not: value_ok_fn; @ctx non-NULL also takes "closed". */
static bool span_ok(const char *value, const void *ctx)
{
	struct config_span span;

	return (ctx && strcasecmp(value, "closed") == 0) || parse_span(value, &span) != -1;
}

static void clock_text(int minutes, char buf[8])
{
	snprintf(buf, 8, "%02d:%02d", (minutes / 60) % 100, minutes % 60);
}

/* A comma list being read: list_next() gives its entries. */
struct list {
	const char *next;
	bool end;
};

static void list_start(struct list *l, const char *value)
{
	l->next = value;
	l->end = *value == '\0';
}

/*
 * Next entry of @l into @item, trimmed. Separators are ',' and the
 * full-width '、' and '，' that a Japanese input method types.
 * Return: 1 with an entry (empty for "A,,B" or a trailing comma), 0 at the
 * end, -1 when the entry does not fit in @size (it is skipped).
 */
static int list_next(struct list *l, char *item, size_t size)
{
	const char *s = l->next, *e;
	size_t sep = 0, n;

	if (l->end)
		return 0;
	for (e = s; *e; e++) {
		if (*e == ',') {
			sep = 1;
			break;
		}
		if (strncmp(e, "\xE3\x80\x81", 3) == 0 || strncmp(e, "\xEF\xBC\x8C", 3) == 0) {
			sep = 3;
			break;
		}
	}
	if (sep)
		l->next = e + sep;
	else
		l->end = true;
	n = trimmed(&s, (size_t)(e - s));
	if (n >= size)
		return -1;
	memcpy(item, s, n);
	item[n] = '\0';
	return 1;
}

static int lang_parse(const char *code)
{
	for (int i = 0; i < LANG_COUNT; i++) {
		if (strcasecmp(code, lang_code((enum lang)i)) == 0)
			return i;
	}
	return -1;
}

/* ---------- keys ---------- */

/* Record @key (canonical form) as set in this section; false when it was set before. */
static bool key_first(struct parse *p, const char *name, const char *key)
{
	for (int i = 0; i < p->n_seen; i++) {
		if (strcmp(p->seen[i].key, key) == 0) {
			perr(p, p->line, "duplicate key '%s' (first at line %d)", name,
			     p->seen[i].line);
			return false;
		}
	}
	if (p->n_seen >= SECTION_KEYS_MAX) {
		perr(p, p->line, "too many keys in [%s] (at most %d)", p->sect_label,
		     SECTION_KEYS_MAX);
		return false;
	}
	snprintf(p->seen[p->n_seen].key, sizeof(p->seen[p->n_seen].key), "%s", key);
	p->seen[p->n_seen].line = p->line;
	p->n_seen++;
	return true;
}

static void key_unknown(struct parse *p, const char *name)
{
	perr(p, p->line, "unknown key '%s' in [%s]", name, p->sect_label);
}

/*
 * Language of a "name.LANG" style key: LANG_JA without a suffix, else the
 * language of the suffix; -1 after reporting an unknown one or a duplicate.
 */
static int key_lang(struct parse *p, const char *name, const char *key, const char *suffix)
{
	char canon[2 * KEY_MAX];
	int l = LANG_JA;

	if (suffix) {
		l = lang_parse(suffix);
		if (l < 0) {
			perr(p, p->line,
			     "%s: unknown language '%s' (ja, en, zh-Hans, ko, vi, ja-easy)", name,
			     show(suffix).s);
			return -1;
		}
	}
	snprintf(canon, sizeof(canon), "%s.%s", key, lang_code((enum lang)l));
	if (!key_first(p, name, canon))
		return -1;
	return l;
}

static bool text_set(struct parse *p, const char *name, const char *value, char *dst, size_t size,
		     bool required)
{
	if (required && *value == '\0') {
		perr(p, p->line, "%s: must not be empty", name);
		return false;
	}
	quotes_warn(p, name, value, false);
	return get_string(p, name, value, dst, size);
}

static void office_id_set(struct parse *p, const char *name, const char *value)
{
	if (*value == '\0') {
		perr(p, p->line, "%s: must not be empty", name);
		return;
	}
	for (const char *q = value; *q; q++) {
		if (!is_id_char(*q) && *q != '.') {
			perr(p, p->line, "%s: '%s' may only use letters, digits, '-', '_' and '.'",
			     name, show(value).s);
			return;
		}
	}
	get_string(p, name, value, p->cfg->office_id, sizeof(p->cfg->office_id));
}

/* "+HH:MM" or "-HH:MM", in range or not: value_ok_fn. */
static bool offset_ok(const char *value, const void *ctx)
{
	(void)ctx;
	return strlen(value) == 6 && (value[0] == '+' || value[0] == '-') && is_digit(value[1]) &&
	       is_digit(value[2]) && value[3] == ':' && is_digit(value[4]) && is_digit(value[5]);
}

static void timezone_set(struct parse *p, const char *name, const char *value)
{
	int h, m, v;

	if (!offset_ok(value, NULL)) {
		if (!value_hint(p, name, value, offset_ok, NULL))
			perr(p, p->line, "%s: '%s' is not an offset like +09:00", name,
			     show(value).s);
		return;
	}
	h = (value[1] - '0') * 10 + (value[2] - '0');
	m = (value[4] - '0') * 10 + (value[5] - '0');
	v = h * 60 + m;
	if (m > 59 || v > 14 * 60 || (value[0] == '-' && v > 12 * 60)) {
		perr(p, p->line, "%s: %s is out of range (-12:00 to +14:00)", name, value);
		return;
	}
	p->cfg->utc_offset_minutes = value[0] == '-' ? -v : v;
}

/*
 * A list of language codes: ja first when listed (it always is, in the
 * office's rotation and the announcements: @with_ja), each once. Into @out
 * and *@n_out.
 */
static void languages_set(struct parse *p, const char *name, const char *value, bool with_ja,
			  enum lang *out, int *n_out)
{
	enum lang list[LANG_COUNT];
	bool used[LANG_COUNT] = { false };
	char item[ITEM_MAX];
	struct list cur;
	int n = 0, rc, pos = 0;

	if (with_ja)
		list[n++] = LANG_JA;
	used[LANG_JA] = true;
	list_start(&cur, value);
	while ((rc = list_next(&cur, item, sizeof(item))) != 0) {
		int l = rc < 0 ? -1 : lang_parse(item);

		if (rc > 0 && item[0] == '\0') {
			perr(p, p->line, "%s: empty entry in the list", name);
			return;
		}
		if (l < 0) {
			perr(p, p->line,
			     "%s: unknown language '%s' (ja, en, zh-Hans, ko, vi, ja-easy)", name,
			     rc < 0 ? "..." : show(item).s);
			return;
		}
		if (l == LANG_JA && pos > 0) {
			perr(p, p->line,
			     "%s: ja always comes first (list it first or leave it out)", name);
			return;
		}
		pos++;
		if (l == LANG_JA)
			continue;
		if (used[l]) {
			perr(p, p->line, "%s: '%s' is listed twice", name, item);
			return;
		}
		used[l] = true;
		list[n++] = (enum lang)l;
	}
	memcpy(out, list, sizeof(list[0]) * (size_t)n);
	*n_out = n;
}

static void office_key(struct parse *p, const char *name, const char *key, const char *suffix,
		       const char *value)
{
	struct config *c = p->cfg;
	int l;

	if (strcmp(key, "name") == 0 || strcmp(key, "notice") == 0) {
		l = key_lang(p, name, key, suffix);
		if (l < 0)
			return;
		if (strcmp(key, "name") == 0) {
			if (l == LANG_JA)
				p->has_office_name = true;
			text_set(p, name, value, c->office_name[l], CONFIG_NAME_MAX, l == LANG_JA);
		} else {
			text_set(p, name, value, c->notice[l], CONFIG_TEXT_MAX, false);
		}
		return;
	}
	if (suffix) {
		key_unknown(p, name);
		return;
	}
	if (strcmp(key, "id") == 0) {
		if (!key_first(p, name, key))
			return;
		p->has_office_id = true;
		office_id_set(p, name, value);
	} else if (strcmp(key, "timezone") == 0) {
		if (key_first(p, name, key))
			timezone_set(p, name, value);
	} else if (strcmp(key, "languages") == 0) {
		if (key_first(p, name, key))
			languages_set(p, name, value, true, c->languages, &c->n_languages);
	} else {
		key_unknown(p, name);
	}
}

static void spans_set(struct parse *p, const char *name, const char *value, struct config_span *out,
		      int max, int *n_out, const char *what);

/*
 * A day's hours: "closed", one span, or a comma list of spans (a midday
 * closure), into @out sorted. False after reporting an error.
 */
static bool hours_set(struct parse *p, const char *name, const char *value,
		      struct config_hours *out)
{
	struct config_hours h = { .n = -1 };
	char a[8], b[8];
	int rc;

	if (strcasecmp(value, "closed") == 0) {
		out->n = 0;
		return true;
	}
	if (!strchr(value, ',') && !strstr(value, "\xE3\x80\x81") &&
	    !strstr(value, "\xEF\xBC\x8C")) {
		rc = parse_span(value, &h.spans[0]);
		if (rc == -1) {
			if (!value_hint(p, name, value, span_ok, "closed"))
				perr(p, p->line, "%s: bad hours '%s' (write HH:MM-HH:MM or closed)",
				     name, show(value).s);
			return false;
		}
		if (rc == -2) {
			clock_text(h.spans[0].start, a);
			clock_text(h.spans[0].end, b);
			perr(p, p->line, "%s: opening time %s is not before closing time %s", name,
			     a, b);
			return false;
		}
		h.n = 1;
	} else {
		spans_set(p, name, value, h.spans, CONFIG_MAX_SPANS, &h.n, "hours");
		if (h.n < 0)
			return false;
		for (int i = 1; i < h.n; i++) {
			struct config_span t = h.spans[i];
			int j = i;

			while (j > 0 && h.spans[j - 1].start > t.start) {
				h.spans[j] = h.spans[j - 1];
				j--;
			}
			h.spans[j] = t;
		}
	}
	*out = h;
	return true;
}

static void hours_key(struct parse *p, const char *name, const char *key, const char *suffix,
		      const char *value)
{
	struct config *c = p->cfg;

	if (suffix) {
		key_unknown(p, name);
		return;
	}
	if (strcmp(key, "reservation_grace") == 0) {
		if (key_first(p, name, key))
			get_int(p, name, value, 0, 120, &c->reservation_grace_minutes);
		return;
	}
	for (int d = 0; d < 7; d++) {
		if (strcmp(key, day_keys[d]) != 0)
			continue;
		if (key_first(p, name, key))
			hours_set(p, name, value, &c->hours[d]);
		return;
	}
	key_unknown(p, name);
}

const char *const config_icon_names[] = {
	"ticket",  "certificate", "moving",  "family",	     "tax",	    "insurance",
	"pension", "child",	  "welfare", "consultation", "reservation", NULL,
};

static void icon_set(struct parse *p, const char *name, const char *value,
		     struct config_category *cat)
{
	for (int i = 0; config_icon_names[i]; i++) {
		if (strcasecmp(value, config_icon_names[i]) == 0) {
			snprintf(cat->icon, sizeof(cat->icon), "%s", config_icon_names[i]);
			return;
		}
	}
	perr(p, p->line,
	     "%s: '%s' is not a pictogram name (ticket, certificate, moving, family, tax, "
	     "insurance, pension, child, welfare, consultation, reservation)",
	     name, show(value).s);
}

/* Minutes with up to three decimals, "12" or "7.5", into @out; false when not. */
static bool minutes_parse(const char *value, double *out)
{
	int whole = 0, frac = 0, scale = 1;
	const char *q = value;

	for (; is_digit(*q) && whole < 100000; q++)
		whole = whole * 10 + (*q - '0');
	if (*q == '.' && q > value && is_digit(q[1])) {
		for (q++; is_digit(*q) && scale < 1000; q++, scale *= 10)
			frac = frac * 10 + (*q - '0');
	}
	if (q == value || *q != '\0')
		return false;
	*out = whole + (double)frac / scale;
	return true;
}

static bool minutes_ok(const char *value, const void *ctx)
{
	double m;

	(void)ctx;
	return minutes_parse(value, &m);
}

static void category_key(struct parse *p, const char *name, const char *key, const char *suffix,
			 const char *value)
{
	struct config_category *cat = &p->cfg->categories[p->sect_index];
	struct cat_info *info = &p->cats[p->sect_index];
	int l;

	if (strcmp(key, "name") == 0) {
		l = key_lang(p, name, key, suffix);
		if (l < 0)
			return;
		if (l == LANG_JA)
			info->has_name = true;
		text_set(p, name, value, cat->name[l], CONFIG_NAME_MAX, l == LANG_JA);
		return;
	}
	if (suffix) {
		key_unknown(p, name);
		return;
	}
	if (strcmp(key, "prefix") == 0) {
		if (!key_first(p, name, key))
			return;
		info->has_prefix = true;
		for (const char *q = value; *q; q++) {
			if ((unsigned char)*q <= 0x20 || *q == 0x7f) {
				perr(p, p->line, "%s: '%s' may not contain spaces", name,
				     show(value).s);
				return;
			}
		}
		get_string(p, name, value, cat->prefix, sizeof(cat->prefix));
	} else if (strcmp(key, "digits") == 0) {
		if (key_first(p, name, key))
			get_int(p, name, value, 1, 6, &cat->digits);
	} else if (strcmp(key, "first") == 0) {
		if (key_first(p, name, key))
			get_int(p, name, value, 0, 999999, &cat->first);
	} else if (strcmp(key, "last") == 0) {
		if (!key_first(p, name, key))
			return;
		info->has_last = true;
		info->last_line = p->line;
		get_int(p, name, value, 0, 999999, &cat->last);
	} else if (strcmp(key, "service_minutes") == 0) {
		if (!key_first(p, name, key))
			return;
		if (!minutes_parse(value, &cat->service_minutes)) {
			if (!value_hint(p, name, value, minutes_ok, NULL))
				perr(p, p->line,
				     "%s: '%s' is not a number of minutes, like 12 or 7.5", name,
				     show(value).s);
			return;
		}
		if (cat->service_minutes <= 0 || cat->service_minutes > 480) {
			perr(p, p->line, "%s: %s is out of range (more than 0, at most 480)", name,
			     value);
		}
	} else if (strcmp(key, "icon") == 0) {
		if (key_first(p, name, key))
			icon_set(p, name, value, cat);
	} else {
		key_unknown(p, name);
	}
}

/*
 * A list of category ids into @out (@n entries; -1 after an error, which is
 * reported): a window's categories, the kiosk's.
 */
static void ids_set(struct parse *p, const char *name, const char *value,
		    char (*out)[CONFIG_ID_MAX], int *n)
{
	char item[ITEM_MAX];
	struct list cur;
	int rc;

	*n = 0;
	list_start(&cur, value);
	while ((rc = list_next(&cur, item, sizeof(item))) != 0) {
		if (rc < 0 || item[0] == '\0' || strlen(item) >= CONFIG_ID_MAX) {
			perr(p, p->line, "%s: '%s' is not a category id", name,
			     rc < 0 ? "..." : show(item).s);
			*n = -1;
			return;
		}
		for (int i = 0; i < *n; i++) {
			if (strcmp(out[i], item) == 0) {
				perr(p, p->line, "%s: '%s' is listed twice", name, item);
				*n = -1;
				return;
			}
		}
		if (*n >= CONFIG_MAX_CATEGORIES) {
			perr(p, p->line, "%s: more than %d categories", name,
			     CONFIG_MAX_CATEGORIES);
			*n = -1;
			return;
		}
		memcpy(out[(*n)++], item, strlen(item) + 1);
	}
	if (*n == 0) {
		perr(p, p->line, "%s: no category given", name);
		*n = -1;
	}
}

static void categories_set(struct parse *p, const char *name, const char *value)
{
	struct win_info *info = &p->wins[p->sect_index];

	info->has_categories = true;
	info->cats_line = p->line;
	ids_set(p, name, value, info->cats, &info->n_cats);
}

/* A comma list of time spans that do not overlap, at most @max, into @out. */
static void spans_set(struct parse *p, const char *name, const char *value, struct config_span *out,
		      int max, int *n_out, const char *what)
{
	struct config_span spans[8];
	char item[ITEM_MAX];
	struct list cur;
	int n = 0, rc, span;

	assert(max <= (int)(sizeof(spans) / sizeof(spans[0])));
	list_start(&cur, value);
	while ((rc = list_next(&cur, item, sizeof(item))) != 0) {
		struct config_span s;

		if (n >= max) {
			if (strcmp(what, "breaks") == 0)
				perr(p, p->line, "%s: more than %d breaks", name, max);
			else
				perr(p, p->line, "%s: more than %d time spans", name, max);
			return;
		}
		span = rc < 0 ? -1 : parse_span(item, &s);
		if (span == -1) {
			if (rc < 0 || !value_hint(p, name, item, span_ok, NULL))
				perr(p, p->line, "%s: bad time span '%s' (write HH:MM-HH:MM)", name,
				     rc < 0 ? "..." : show(item).s);
			return;
		}
		if (span == -2) {
			perr(p, p->line, "%s: %s does not end after it starts", name, item);
			return;
		}
		for (int i = 0; i < n; i++) {
			if (s.start < spans[i].end && spans[i].start < s.end) {
				char a[8], b[8];

				clock_text(spans[i].start, a);
				clock_text(spans[i].end, b);
				perr(p, p->line, "%s: %s overlaps %s-%s", name, item, a, b);
				return;
			}
		}
		spans[n++] = s;
	}
	memcpy(out, spans, sizeof(spans[0]) * (size_t)n);
	*n_out = n;
}

static void window_key(struct parse *p, const char *name, const char *key, const char *suffix,
		       const char *value)
{
	static const char *const rules[] = { [CONFIG_RULE_FIFO] = "fifo",
					     [CONFIG_RULE_LONGEST] = "longest",
					     [CONFIG_RULE_PRIORITY] = "priority" };
	struct config_window *w = &p->cfg->windows[p->sect_index];
	int l;

	if (strcmp(key, "label") == 0) {
		l = key_lang(p, name, key, suffix);
		if (l < 0)
			return;
		if (l == LANG_JA)
			p->wins[p->sect_index].has_label = true;
		text_set(p, name, value, w->label[l], CONFIG_NAME_MAX, l == LANG_JA);
		return;
	}
	if (suffix) {
		key_unknown(p, name);
		return;
	}
	if (strcmp(key, "categories") == 0) {
		if (key_first(p, name, key))
			categories_set(p, name, value);
	} else if (strcmp(key, "rule") == 0) {
		if (!key_first(p, name, key))
			return;
		l = get_choice(p, name, value, rules, 3);
		if (l >= 0)
			w->rule = (enum config_rule)l;
	} else if (strcmp(key, "open") == 0) {
		if (key_first(p, name, key))
			get_bool(p, name, value, &w->open);
	} else if (strcmp(key, "breaks") == 0) {
		if (key_first(p, name, key))
			spans_set(p, name, value, w->breaks, CONFIG_MAX_BREAKS, &w->n_breaks,
				  "breaks");
	} else if (strcmp(key, "speech") == 0) {
		if (key_first(p, name, key))
			get_bool(p, name, value, &w->speech);
	} else {
		key_unknown(p, name);
	}
}

/* Three increasing whole numbers in [min, max], "20, 40, 60". */
/* Three increasing whole numbers in [@r->min, @r->max] into @v; false when not. */
static bool triple_parse(const char *value, const struct int_range *r, int v[3])
{
	char item[ITEM_MAX];
	struct list cur;
	int n = 0, rc;

	list_start(&cur, value);
	while ((rc = list_next(&cur, item, sizeof(item))) != 0) {
		if (n == 3 || rc < 0 || parse_int(item, r->min, r->max, &v[n]) != 0 ||
		    (n > 0 && v[n] <= v[n - 1]))
			return false;
		n++;
	}
	return n == 3;
}

static bool triple_ok(const char *value, const void *ctx)
{
	int v[3];

	return triple_parse(value, ctx, v);
}

/* Three increasing whole numbers in [min, max], "20, 40, 60". */
static void triple_set(struct parse *p, const char *name, const char *value, int min, int max,
		       const char *example, int out[3])
{
	struct int_range r = { min, max };
	int v[3];

	if (!triple_parse(value, &r, v)) {
		if (!value_hint(p, name, value, triple_ok, &r))
			perr(p, p->line,
			     "%s: '%s' is not 3 increasing numbers from %d to %d, like %s", name,
			     show(value).s, min, max, example);
		return;
	}
	memcpy(out, v, sizeof(v));
}

static void level_key(struct parse *p, const char *name, const char *key, const char *suffix,
		      const char *value)
{
	struct config *c = p->cfg;

	if (suffix) {
		key_unknown(p, name);
	} else if (strcmp(key, "wait_minutes") == 0) {
		if (key_first(p, name, key))
			triple_set(p, name, value, 1, 600, "20, 40, 60", c->wait_minutes);
	} else if (strcmp(key, "occupancy_percent") == 0) {
		if (key_first(p, name, key))
			triple_set(p, name, value, 1, 100, "30, 60, 80", c->occupancy_percent);
	} else if (strcmp(key, "capacity") == 0) {
		if (key_first(p, name, key))
			get_int(p, name, value, 0, 10000, &c->capacity);
	} else if (strcmp(key, "hold_minutes") == 0) {
		if (key_first(p, name, key))
			get_int(p, name, value, 0, 60, &c->hold_minutes);
	} else if (strcmp(key, "report_target_wait") == 0) {
		if (key_first(p, name, key))
			get_int(p, name, value, 1, 600, &c->report_target_wait);
	} else {
		key_unknown(p, name);
	}
}

/* HOST:PORT, [IPv6]:PORT or *:PORT: value_ok_fn. */
static bool listen_ok(const char *value, const void *ctx)
{
	const char *colon = strrchr(value, ':');
	int port;
	bool ok = colon && colon > value;

	(void)ctx;
	if (ok && value[0] == '[')
		ok = colon[-1] == ']' && colon - value > 2;
	for (const char *q = value; ok && q < colon; q++) {
		if (value[0] == '[')
			ok = q == value || q == colon - 1 || *q == ':' || is_id_char(*q) ||
			     *q == '.';
		else
			ok = is_id_char(*q) || *q == '.' || *q == '*';
	}
	return ok && parse_int(colon + 1, 1, 65535, &port) == 0;
}

static void listen_set(struct parse *p, const char *name, const char *value)
{
	if (!listen_ok(value, NULL)) {
		if (!value_hint(p, name, value, listen_ok, NULL))
			perr(p, p->line, "%s: '%s' is not HOST:PORT, like 127.0.0.1:8080", name,
			     show(value).s);
		return;
	}
	get_string(p, name, value, p->cfg->listen, sizeof(p->cfg->listen));
}

bool config_listen_loopback(const char *listen)
{
	const char *colon = strrchr(listen, ':');
	size_t n = colon ? (size_t)(colon - listen) : strlen(listen);

	if (n == 5 && strncmp(listen, "[::1]", 5) == 0)
		return true;
	if (n == 9 && strncasecmp(listen, "localhost", 9) == 0)
		return true;
	if (n < 4 || strncmp(listen, "127.", 4) != 0)
		return false;
	for (size_t i = 4; i < n; i++) {
		if (!is_digit(listen[i]) && listen[i] != '.')
			return false;
	}
	return true;
}

static void api_key(struct parse *p, const char *name, const char *key, const char *suffix,
		    const char *value)
{
	struct config *c = p->cfg;

	if (suffix) {
		key_unknown(p, name);
	} else if (strcmp(key, "listen") == 0) {
		if (key_first(p, name, key))
			listen_set(p, name, value);
	} else if (strcmp(key, "token") == 0) {
		if (key_first(p, name, key)) {
			p->token_line = p->line;
			get_secret(p, name, value, c->token, sizeof(c->token), 16);
		}
	} else if (strcmp(key, "state_dir") == 0) {
		if (key_first(p, name, key))
			get_path(p, name, value, c->state_dir, sizeof(c->state_dir));
	} else {
		key_unknown(p, name);
	}
}

enum feed_key_id {
	FEED_URL,
	FEED_TOKEN,
	FEED_HMAC_KEY,
	FEED_CA_FILE,
	FEED_INTERVAL,
	FEED_MIN_GAP,
	FEED_HISTORY_INTERVAL,
	FEED_NGSI,
	FEED_NGSI_URL,
	FEED_STATUS_PAGE_URL,
	FEED_KEYS
};

static void feed_key(struct parse *p, const char *name, const char *key, const char *suffix,
		     const char *value)
{
	static const char *const keys[FEED_KEYS] = {
		[FEED_URL] = "url",
		[FEED_TOKEN] = "token",
		[FEED_HMAC_KEY] = "hmac_key",
		[FEED_CA_FILE] = "ca_file",
		[FEED_INTERVAL] = "interval",
		[FEED_MIN_GAP] = "min_gap",
		[FEED_HISTORY_INTERVAL] = "history_interval",
		[FEED_NGSI] = "ngsi",
		[FEED_NGSI_URL] = "ngsi_url",
		[FEED_STATUS_PAGE_URL] = "status_page_url",
	};
	struct config *c = p->cfg;
	int k = FEED_KEYS;

	for (int i = 0; !suffix && i < FEED_KEYS; i++) {
		if (strcmp(key, keys[i]) == 0)
			k = i;
	}
	if (k == FEED_KEYS) {
		key_unknown(p, name);
		return;
	}
	if (!key_first(p, name, key))
		return;
	switch ((enum feed_key_id)k) {
	case FEED_URL:
		/* The feed carries a token and a signature: never in clear text. */
		if (strncasecmp(value, "http://", 7) == 0)
			perr(p, p->line,
			     "%s: '%s' must start with https:// (the feed is always sent over TLS)",
			     name, value);
		else
			get_url(p, name, value, c->feed_url);
		break;
	case FEED_TOKEN:
		get_secret(p, name, value, c->feed_token, sizeof(c->feed_token), 1);
		break;
	case FEED_HMAC_KEY:
		get_secret(p, name, value, c->feed_hmac_key, sizeof(c->feed_hmac_key), 16);
		break;
	case FEED_CA_FILE:
		if (*value)
			get_path(p, name, value, c->feed_ca_file, sizeof(c->feed_ca_file));
		break;
	case FEED_INTERVAL:
		p->interval_line = p->line;
		get_int(p, name, value, 10, 3600, &c->feed_interval_s);
		break;
	case FEED_MIN_GAP:
		p->min_gap_line = p->line;
		get_int(p, name, value, 0, 600, &c->feed_min_gap_s);
		break;
	case FEED_HISTORY_INTERVAL:
		get_int(p, name, value, 60, 86400, &c->history_interval_s);
		break;
	case FEED_NGSI:
		p->ngsi_line = p->line;
		get_bool(p, name, value, &c->feed_ngsi);
		break;
	case FEED_NGSI_URL:
		get_url(p, name, value, c->ngsi_url);
		break;
	case FEED_STATUS_PAGE_URL:
	case FEED_KEYS:
		p->status_page_line = p->line;
		get_url(p, name, value, c->status_page_url);
		break;
	}
}

/* A GPIO line: an offset 0..1023 or a line name such as GPIO17. */
/* A line offset or name: value_ok_fn. */
static bool line_ok(const char *value, const void *ctx)
{
	size_t n = strlen(value);
	bool named = n > 0 && !is_digit(value[0]) && value[0] != '-';
	int offset;

	(void)ctx;
	for (size_t i = 0; named && i < n; i++)
		named = is_id_char(value[i]) || value[i] == '.';
	return named ? n < (size_t)LINE_NAME_MAX : parse_int(value, 0, 1023, &offset) == 0;
}

static bool line_set(struct parse *p, const char *name, const char *value, struct config_line *l)
{
	size_t n = strlen(value);
	bool named = n > 0 && !is_digit(value[0]) && value[0] != '-';

	for (size_t i = 0; named && i < n; i++)
		named = is_id_char(value[i]) || value[i] == '.';
	if (named && n < (size_t)LINE_NAME_MAX) {
		l->set = true;
		l->offset = -1;
		memcpy(l->name, value, n + 1);
	} else if (!named && parse_int(value, 0, 1023, &l->offset) == 0) {
		l->set = true;
		l->name[0] = '\0';
	} else {
		if (!value_hint(p, name, value, line_ok, NULL))
			perr(p, p->line, "%s: '%s' is not a line offset (0 to 1023) or a line name",
			     name, show(value).s);
		return false;
	}
	if (p->n_uses < (int)(sizeof(p->uses) / sizeof(p->uses[0]))) {
		struct line_use *u = &p->uses[p->n_uses++];

		snprintf(u->key, sizeof(u->key), "%s", name);
		u->line = p->line;
		u->l = l;
	}
	return true;
}

static void button_key(struct parse *p, const char *name, const char *key, const char *suffix,
		       const char *value)
{
	struct config *c = p->cfg;
	char canon[2 * KEY_MAX];
	struct config_button *b;

	if (!suffix || *suffix == '\0') {
		perr(p, p->line, "%s: say which one, as in %s.%s", name, key,
		     key[0] == 't' ? "A" : "1");
		return;
	}
	snprintf(canon, sizeof(canon), "%s.%s", key, suffix);
	if (!key_first(p, name, canon))
		return;
	if (c->n_buttons >= CONFIG_MAX_BUTTONS) {
		perr(p, p->line, "%s: too many buttons (at most %d)", name, CONFIG_MAX_BUTTONS);
		return;
	}
	b = &c->buttons[c->n_buttons];
	b->kind = key[0] == 't'	  ? CONFIG_BUTTON_TICKET
		  : key[0] == 'c' ? CONFIG_BUTTON_CALL
				  : CONFIG_BUTTON_RECALL;
	b->target = -1;
	if (!line_set(p, name, value, &b->line))
		return;
	snprintf(p->buttons[c->n_buttons].target, CONFIG_ID_MAX, "%s", suffix);
	snprintf(p->buttons[c->n_buttons].key, KEY_MAX, "%s", name);
	p->buttons[c->n_buttons].line = p->line;
	c->n_buttons++;
}

static void gpio_key(struct parse *p, const char *name, const char *key, const char *suffix,
		     const char *value)
{
	static const char *const biases[] = { "as-is", "pull-up", "pull-down", "disabled" };
	static const struct {
		const char *key;
		size_t off;
		int min, max;
	} ints[] = {
		{ "debounce_ms", offsetof(struct config, debounce_ms), 0, 1000 },
		{ "door_grace", offsetof(struct config, door_grace_s), 0, 600 },
		{ "beam_min_break_ms", offsetof(struct config, beam_min_break_ms), 1, 1000 },
		{ "beam_min_gap_ms", offsetof(struct config, beam_min_gap_ms), 1, 1000 },
		{ "beam_second_ms", offsetof(struct config, beam_second_ms), 10, 10000 },
		{ "beam_blocked_ms", offsetof(struct config, beam_blocked_ms), 100, 60000 },
	};
	static const struct {
		const char *key;
		size_t off;
	} lines[] = {
		{ "door", offsetof(struct config, door) },
		{ "beam_outer", offsetof(struct config, beam_outer) },
		{ "beam_inner", offsetof(struct config, beam_inner) },
		{ "counter_in", offsetof(struct config, counter_in) },
		{ "counter_out", offsetof(struct config, counter_out) },
	};
	struct config *c = p->cfg;
	char *base = (char *)c;
	int v;

	if (strcmp(key, "ticket") == 0 || strcmp(key, "call") == 0 || strcmp(key, "recall") == 0) {
		button_key(p, name, key, suffix, value);
		return;
	}
	if (suffix) {
		key_unknown(p, name);
		return;
	}
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		if (strcmp(key, ints[i].key) != 0)
			continue;
		if (!key_first(p, name, key))
			return;
		if (strcmp(key, "beam_min_break_ms") == 0)
			p->min_break_line = p->line;
		if (strcmp(key, "beam_blocked_ms") == 0)
			p->blocked_line = p->line;
		if (get_int(p, name, value, ints[i].min, ints[i].max, &v))
			memcpy(base + ints[i].off, &v, sizeof(v));
		return;
	}
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		if (strcmp(key, lines[i].key) != 0)
			continue;
		if (!key_first(p, name, key))
			return;
		if (strcmp(key, "beam_outer") == 0)
			p->beam_outer_line = p->line;
		if (strcmp(key, "beam_inner") == 0)
			p->beam_inner_line = p->line;
		if (*value)
			line_set(p, name, value, (struct config_line *)(base + lines[i].off));
		return;
	}
	if (strcmp(key, "chip") != 0 && strcmp(key, "bias") != 0 &&
	    strcmp(key, "door_active_low") != 0 && strcmp(key, "beam_active_low") != 0) {
		key_unknown(p, name);
		return;
	}
	if (!key_first(p, name, key))
		return;
	if (strcmp(key, "chip") == 0) {
		bool ok = *value != '\0';

		for (const char *q = value; ok && *q; q++)
			ok = is_id_char(*q) || *q == '/' || *q == '.';
		if (!ok)
			perr(p, p->line, "%s: '%s' is not a chip name or path, like gpiochip0",
			     name, show(value).s);
		else
			get_string(p, name, value, c->gpio_chip, sizeof(c->gpio_chip));
	} else if (strcmp(key, "bias") == 0) {
		v = get_choice(p, name, value, biases, 4);
		if (v >= 0)
			c->gpio_bias = v;
	} else if (strcmp(key, "door_active_low") == 0) {
		get_bool(p, name, value, &c->door_active_low);
	} else {
		get_bool(p, name, value, &c->beam_active_low);
	}
}

/* 0, 90, 180 or 270: value_ok_fn. */
static bool rotate_ok(const char *value, const void *ctx)
{
	int v;

	(void)ctx;
	return parse_int(value, 0, 270, &v) == 0 && v % 90 == 0;
}

/*
 * An announcement template: says {ticket} and {window}, and no other
 * placeholder (docs/display.md).
 */
static void template_set(struct parse *p, const char *name, const char *value, char *dst)
{
	const char *q = value;

	if (*value == '\0') {
		perr(p, p->line, "%s: must not be empty", name);
		return;
	}
	while ((q = strchr(q, '{'))) {
		size_t n = strcspn(q + 1, "}");

		if (q[1 + n] != '}') {
			perr(p, p->line, "%s: '{' is not closed", name);
			return;
		}
		if (!(n == 6 && strncmp(q + 1, "ticket", 6) == 0) &&
		    !(n == 6 && strncmp(q + 1, "window", 6) == 0)) {
			perr(p, p->line,
			     "%s: unknown placeholder '{%.*s}' (use {ticket} and {window})", name,
			     n > SHOW_MAX ? SHOW_MAX : (int)n, q + 1);
			return;
		}
		q += n + 2;
	}
	if (!strstr(value, "{ticket}") || !strstr(value, "{window}")) {
		perr(p, p->line, "%s: must say both {ticket} and {window}", name);
		return;
	}
	get_string(p, name, value, dst, CONFIG_TEMPLATE_MAX);
}

/* "ja en" or "ja, en": the languages of the spoken calls, in order. */
static void announce_set(struct parse *p, const char *name, const char *value)
{
	char list[CONFIG_TEMPLATE_MAX];
	size_t n = 0;

	/* Runs of blanks and commas separate the entries. */
	for (const char *q = value; *q; q++) {
		bool sep = *q == ' ' || *q == '\t' || *q == ',';

		if (sep && (n == 0 || list[n - 1] == ','))
			continue;
		if (n + 2 >= sizeof(list)) {
			perr(p, p->line, "%s: too long", name);
			return;
		}
		list[n++] = sep ? ',' : *q;
	}
	if (n > 0 && list[n - 1] == ',')
		n--;
	list[n] = '\0';
	languages_set(p, name, list, true, p->cfg->announce, &p->cfg->n_announce);
}

static void display_key(struct parse *p, const char *name, const char *key, const char *suffix,
			const char *value)
{
	static const char *const off_hours[] = { "message", "black" };
	struct config *c = p->cfg;
	int v;

	if (strcmp(key, "announce_text") == 0) {
		v = key_lang(p, name, key, suffix);
		if (v >= 0)
			template_set(p, name, value, c->announce_text[v]);
		return;
	}
	if (suffix) {
		key_unknown(p, name);
		return;
	}
	if (strcmp(key, "layout") == 0) {
		if (!key_first(p, name, key))
			return;
		if (*value == '\0')
			perr(p, p->line, "%s: must not be empty", name);
		else
			get_string(p, name, value, c->layout, sizeof(c->layout));
	} else if (strcmp(key, "rotate") == 0) {
		if (!key_first(p, name, key))
			return;
		if (!rotate_ok(value, NULL)) {
			if (!value_hint(p, name, value, rotate_ok, NULL))
				perr(p, p->line, "%s: '%s' is not 0, 90, 180 or 270", name,
				     show(value).s);
		} else {
			parse_int(value, 0, 270, &c->rotate);
		}
	} else if (strcmp(key, "sound") == 0) {
		if (key_first(p, name, key))
			get_bool(p, name, value, &c->sound);
	} else if (strcmp(key, "rotate_seconds") == 0) {
		if (key_first(p, name, key))
			get_int(p, name, value, 2, 60, &c->rotate_seconds);
	} else if (strcmp(key, "off_hours") == 0) {
		if (!key_first(p, name, key))
			return;
		v = get_choice(p, name, value, off_hours, 2);
		if (v >= 0)
			c->off_hours_black = v == 1;
	} else if (strcmp(key, "speech") == 0) {
		if (key_first(p, name, key))
			get_bool(p, name, value, &c->speech);
	} else if (strcmp(key, "announce") == 0) {
		if (key_first(p, name, key))
			announce_set(p, name, value);
	} else if (strcmp(key, "volume") == 0) {
		if (key_first(p, name, key))
			get_int(p, name, value, 0, 100, &c->volume);
	} else if (strcmp(key, "quiet_hours") == 0) {
		if (key_first(p, name, key))
			spans_set(p, name, value, c->quiet_hours, CONFIG_MAX_QUIET,
				  &c->n_quiet_hours, "spans");
	} else if (strcmp(key, "announce_repeat") == 0) {
		if (key_first(p, name, key))
			get_int(p, name, value, 1, 3, &c->announce_repeat);
	} else {
		key_unknown(p, name);
	}
}

/*
 * The printer's network address, "HOST" or "HOST:PORT" (IPv6 in brackets);
 * stored with the port, 9100 (raw printing) when not given.
 */
static void printer_host_set(struct parse *p, const char *name, const char *value)
{
	const char *end = value + strlen(value), *colon = NULL;
	int port = 9100;
	bool ok;

	if (value[0] == '[') {
		const char *close = strchr(value, ']');

		ok = close && close - value > 1;
		for (const char *q = value + 1; ok && q < close; q++)
			ok = *q == ':' || *q == '.' || is_id_char(*q);
		if (ok && close[1] == ':')
			colon = close + 1;
		else
			ok = ok && close[1] == '\0';
	} else {
		colon = strchr(value, ':');
		ok = value[0] != '\0' && colon != value;
		for (const char *q = value; ok && q < (colon ? colon : end); q++)
			ok = *q == '.' || is_id_char(*q);
	}
	if (ok && colon)
		ok = parse_int(colon + 1, 1, 65535, &port) == 0;
	if (!ok) {
		perr(p, p->line, "%s: '%s' is not HOST or HOST:PORT, like 192.168.1.50:9100", name,
		     show(value).s);
		return;
	}
	if (colon)
		get_string(p, name, value, p->cfg->printer_host, sizeof(p->cfg->printer_host));
	else
		snprintf(p->cfg->printer_host, sizeof(p->cfg->printer_host), "%.*s:%d",
			 (int)(sizeof(p->cfg->printer_host) - 8), value, port);
}

static void printer_key(struct parse *p, const char *name, const char *key, const char *suffix,
			const char *value)
{
	static const char *const cuts[] = { [CONFIG_CUT_PARTIAL] = "partial",
					    [CONFIG_CUT_FULL] = "full",
					    [CONFIG_CUT_NONE] = "none" };
	static const char *const papers[] = { "58", "80", "58mm", "80mm" };
	struct config *c = p->cfg;
	int v, l;

	if (strcmp(key, "footer") == 0) {
		l = key_lang(p, name, key, suffix);
		if (l >= 0)
			text_set(p, name, value, c->printer_footer[l], CONFIG_NAME_MAX, false);
		return;
	}
	if (suffix) {
		key_unknown(p, name);
		return;
	}
	if (strcmp(key, "device") == 0) {
		if (!key_first(p, name, key))
			return;
		p->device_line = p->line;
		get_path(p, name, value, c->printer_device, sizeof(c->printer_device));
	} else if (strcmp(key, "host") == 0) {
		if (!key_first(p, name, key))
			return;
		p->host_line = p->line;
		printer_host_set(p, name, value);
	} else if (strcmp(key, "paper") == 0) {
		if (!key_first(p, name, key))
			return;
		v = get_choice(p, name, value, papers, 4);
		if (v >= 0)
			c->printer_dots = v % 2 == 0 ? 384 : 576;
	} else if (strcmp(key, "dots") == 0) {
		if (!key_first(p, name, key))
			return;
		if (parse_int(value, 128, 832, &v) != 0 || v % 8 != 0)
			perr(p, p->line, "%s: '%s' is not a multiple of 8 from 128 to 832", name,
			     show(value).s);
		else
			c->printer_dots = v;
	} else if (strcmp(key, "cut") == 0) {
		if (!key_first(p, name, key))
			return;
		v = get_choice(p, name, value, cuts, 3);
		if (v >= 0)
			c->printer_cut = (enum config_cut)v;
	} else if (strcmp(key, "logo_line") == 0) {
		if (key_first(p, name, key))
			get_string(p, name, value, c->printer_logo, sizeof(c->printer_logo));
	} else if (strcmp(key, "away_minutes") == 0) {
		if (key_first(p, name, key))
			get_int(p, name, value, 0, 600, &c->printer_away_minutes);
	} else if (strcmp(key, "timeout") == 0) {
		if (key_first(p, name, key))
			get_int(p, name, value, 1, 60, &c->printer_timeout_s);
	} else {
		key_unknown(p, name);
	}
}

static void kiosk_key(struct parse *p, const char *name, const char *key, const char *suffix,
		      const char *value)
{
	struct config *c = p->cfg;

	if (suffix) {
		key_unknown(p, name);
	} else if (strcmp(key, "token") == 0) {
		if (!key_first(p, name, key))
			return;
		p->kiosk_token_line = p->line;
		if (*value == '\0')
			perr(p, p->line, "%s: must not be empty", name);
		else
			get_secret(p, name, value, c->kiosk_token, sizeof(c->kiosk_token), 16);
	} else if (strcmp(key, "categories") == 0) {
		if (!key_first(p, name, key))
			return;
		p->kiosk_cats_line = p->line;
		ids_set(p, name, value, p->kiosk_cats, &p->n_kiosk_cats);
	} else if (strcmp(key, "languages") == 0) {
		if (key_first(p, name, key))
			languages_set(p, name, value, false, c->kiosk_languages,
				      &c->n_kiosk_languages);
	} else if (strcmp(key, "help") == 0) {
		if (key_first(p, name, key))
			get_bool(p, name, value, &c->kiosk_help);
	} else {
		key_unknown(p, name);
	}
}

/* ---------- [calendar] ---------- */

static const char *const month_keys[12] = { "jan", "feb", "mar", "apr", "may", "jun",
					    "jul", "aug", "sep", "oct", "nov", "dec" };

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* A number of 1 to @digits digits at *@s; advances *@s. -1 when there is none. */
static int digits_read(const char **s, int digits)
{
	int v = 0, n = 0;

	while (n < digits && is_digit(**s)) {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n ? v : -1;
}

/*
 * "YYYY-MM-DD" or "YYYY/MM/DD" (month and day of one or two digits) into
 * *@date: 0, -1 when not of that form, -2 for a day the calendar does not
 * have, -3 for a year outside 2000-2099.
 */
static int date_parse(const char *s, int32_t *date)
{
	const char *q = s;
	int y, m, d;
	char sep;

	if (!(is_digit(q[0]) && is_digit(q[1]) && is_digit(q[2]) && is_digit(q[3])))
		return -1;
	y = digits_read(&q, 4);
	sep = *q;
	if (sep != '-' && sep != '/')
		return -1;
	q++;
	m = digits_read(&q, 2);
	if (m < 0 || *q != sep)
		return -1;
	q++;
	d = digits_read(&q, 2);
	if (d < 0 || *q)
		return -1;
	if (y < 2000 || y > 2099)
		return -3;
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -2;
	*date = y * 10000 + m * 100 + d;
	return 0;
}

/* "M/D" at *@s into MMDD (any year: 2/29 allowed); -1 when not one. */
static int month_day_read(const char **s)
{
	int m = digits_read(s, 2), d;

	if (m < 1 || m > 12 || **s != '/')
		return -1;
	(*s)++;
	d = digits_read(s, 2);
	if (d < 1 || d > days_in_month(2000, m))
		return -1;
	return m * 100 + d;
}

/* "12/29-1/3" into @from and @to (MMDD); false when not of that form. */
static bool days_span_parse(const char *value, int *from, int *to)
{
	const char *s = value;

	*from = month_day_read(&s);
	while (is_space(*s))
		s++;
	if (*from < 0 || *s++ != '-')
		return false;
	while (is_space(*s))
		s++;
	*to = month_day_read(&s);
	return *to >= 0 && *s == '\0';
}

/* Index of @word (lower case) among @names as a prefix of 3+ letters, or -1. */
static int word_index(const char *word, const char *const *names, const char *const *full, int n)
{
	size_t len = strlen(word);

	if (len > 3 && word[len - 1] == 's' && full)
		len--; /* "sundays" */
	for (int i = 0; i < n; i++) {
		if (len == 3 && strncmp(word, names[i], 3) == 0)
			return i;
		if (full && len == strlen(full[i]) && strncmp(word, full[i], len) == 0)
			return i;
	}
	return -1;
}

/*
 * A recurring rule key, lower case: "[every|ORDINALS] WEEKDAY [of MONTHS]",
 * ordinals 1st..5th or last, comma or "and" between list items:
 * "2nd,4th sun of mar,apr", "every thursday", "last fri of 3". False when
 * @key is not one.
 */
static bool recurring_parse(const char *key, struct config_recurring *r)
{
	static const char *const ords[] = { "1st", "2nd", "3rd", "4th", "5th", "last" };
	static const char *const ord_words[] = { "first",  "second", "third",
						 "fourth", "fifth",  "last" };
	static const char *const day_full[] = { "sunday",   "monday", "tuesday", "wednesday",
						"thursday", "friday", "saturday" };
	static const char *const month_full[] = { "january",   "february", "march",    "april",
						  "may",       "june",	   "july",     "august",
						  "september", "october",  "november", "december" };
	const char *s = key;
	bool months = false, every = false;
	char word[24];

	memset(r, 0, sizeof(*r));
	r->weekday = -1;
	while (*s) {
		size_t n = 0;

		while (*s == ' ' || *s == ',')
			s++;
		while (s[n] && s[n] != ' ' && s[n] != ',')
			n++;
		if (n == 0)
			break;
		if (n >= sizeof(word))
			return false;
		memcpy(word, s, n);
		word[n] = '\0';
		s += n;
		if (strcmp(word, "and") == 0 || strcmp(word, "the") == 0)
			continue;
		if (!months && (strcmp(word, "of") == 0 || strcmp(word, "in") == 0)) {
			if (r->weekday < 0)
				return false;
			months = true;
			continue;
		}
		if (months) {
			const char *q = word;
			int m = is_digit(word[0]) ? digits_read(&q, 2) : -1;

			if (m < 0 || *q)
				m = word_index(word, month_keys, month_full, 12) + 1;
			if (m < 1 || m > 12)
				return false;
			r->months |= 1u << (m - 1);
			continue;
		}
		if (r->weekday >= 0)
			return false; /* words after the weekday other than "of" */
		if (strcmp(word, "every") == 0) {
			every = true;
			continue;
		}
		int o = -1;

		for (int i = 0; i < 6; i++) {
			if (strcmp(word, ords[i]) == 0 || strcmp(word, ord_words[i]) == 0)
				o = i;
		}
		if (o >= 0) {
			r->weeks |= 1u << o;
			continue;
		}
		r->weekday = word_index(word, day_keys, day_full, 7);
		if (r->weekday < 0)
			return false;
	}
	if (r->weekday < 0 || (months && !r->months) || (every && r->weeks))
		return false;
	if (!r->weeks)
		r->weeks = CONFIG_WEEKS_ALL;
	if (!r->months)
		r->months = CONFIG_MONTHS_ALL;
	return true;
}

/* Whether two recurring rules can fall on the same day. */
static bool recurring_overlap(const struct config_recurring *a, const struct config_recurring *b)
{
	const unsigned late = (1u << 3) | (1u << 4); /* the 4th and 5th can be the last */

	if (a->weekday != b->weekday || !(a->months & b->months))
		return false;
	return (a->weeks & b->weeks) || ((a->weeks & CONFIG_WEEK_LAST) && (b->weeks & late)) ||
	       ((b->weeks & CONFIG_WEEK_LAST) && (a->weeks & late));
}

static void calendar_key(struct parse *p, const char *name, const char *key, const char *suffix,
			 const char *value)
{
	struct config *c = p->cfg;
	char canon[2 * KEY_MAX];
	int32_t date;
	int rc;

	if (suffix) {
		key_unknown(p, name);
	} else if (strcmp(key, "holidays") == 0) {
		static const char *const kinds[] = { "closed", "open" };

		if (!key_first(p, name, key))
			return;
		rc = get_choice(p, name, value, kinds, 2);
		if (rc >= 0)
			c->holidays_closed = rc == 0;
	} else if (strcmp(key, "year_end") == 0) {
		int from, to;

		if (!key_first(p, name, key))
			return;
		if (strcasecmp(value, "none") == 0) {
			c->year_end_from = c->year_end_to = 0;
		} else if (days_span_parse(value, &from, &to)) {
			c->year_end_from = from;
			c->year_end_to = to;
		} else {
			perr(p, p->line,
			     "%s: '%s' is not a span of days like 12/29-1/3 (month/day), or none",
			     name, show(value).s);
		}
	} else if (is_digit(key[0]) && !strchr(key, ' ') && strpbrk(key, "-/")) {
		rc = date_parse(key, &date);
		if (rc == -1) {
			perr(p, p->line,
			     "'%s' is not a date; write it as YYYY-MM-DD, like 2027-03-28", name);
			return;
		}
		if (rc == -2) {
			perr(p, p->line, "%s: there is no such day in the calendar", name);
			return;
		}
		if (rc == -3) {
			perr(p, p->line, "%s: the year must be from 2000 to 2099", name);
			return;
		}
		snprintf(canon, sizeof(canon), "date %d", (int)date);
		if (!key_first(p, name, canon))
			return;
		if (c->n_dates >= CONFIG_MAX_DATES) {
			if (!p->dates_full)
				perr(p, p->line, "more than %d dates in [calendar]",
				     CONFIG_MAX_DATES);
			p->dates_full = true;
			return;
		}
		c->dates[c->n_dates].date = date;
		c->dates[c->n_dates].line = p->line;
		if (hours_set(p, name, value, &c->dates[c->n_dates].hours))
			c->n_dates++;
	} else {
		struct config_recurring r;

		if (!recurring_parse(key, &r)) {
			perr(p, p->line,
			     "unknown key '%s' in [calendar]: write holidays, year_end, a date "
			     "like 2027-03-28, or days like '2nd,4th sun of mar,apr'",
			     name);
			return;
		}
		for (int i = 0; i < c->n_recurring; i++) {
			if (recurring_overlap(&c->recurring[i], &r)) {
				perr(p, p->line,
				     "'%s' falls on some of the same days as line %d; give each day "
				     "one rule (a date line is for one day)",
				     name, c->recurring[i].line);
				return;
			}
		}
		if (c->n_recurring >= CONFIG_MAX_RECURRING) {
			if (!p->recurring_full)
				perr(p, p->line, "more than %d rules for days in [calendar]",
				     CONFIG_MAX_RECURRING);
			p->recurring_full = true;
			return;
		}
		r.line = p->line;
		if (hours_set(p, name, value, &r.hours))
			c->recurring[c->n_recurring++] = r;
	}
}

/* A key before any [section]: kept for one report at the end (check_orphans()). */
static void orphan_add(struct parse *p, const char *name)
{
	size_t n = strlen(p->orphan_keys), room = sizeof(p->orphan_keys) - n;

	if (p->orphan_n++ == 0)
		p->orphan_first = p->line;
	p->orphan_last = p->line;
	if (n > 0 && strcmp(p->orphan_keys + n - 3, "...") == 0)
		return;
	if (strlen(name) + 2 + 5 < room)
		snprintf(p->orphan_keys + n, room, "%s%s", n ? ", " : "", name);
	else
		snprintf(p->orphan_keys + n, room, "%s...", n ? ", " : "");
}

/* inih's handler: one key = value of the current section. Always goes on. */
static int on_key(void *user, const char *section, const char *name, const char *value)
{
	struct parse *p = user;
	char key[KEY_MAX];
	const char *dot = strchr(name, '.');
	size_t n = dot ? (size_t)(dot - name) : strlen(name);

	(void)section; /* the reader keeps the current section */
	if (p->sect == SECT_SKIP)
		return 1;
	if (p->sect == SECT_NONE) {
		orphan_add(p, name);
		return 1;
	}
	if (n >= sizeof(key))
		n = sizeof(key) - 1;
	for (size_t i = 0; i < n; i++)
		key[i] = (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] + 32) : name[i];
	key[n] = '\0';
	dot = dot ? dot + 1 : NULL;
	switch (p->sect) {
	case SECT_OFFICE:
		office_key(p, name, key, dot, value);
		break;
	case SECT_HOURS:
		hours_key(p, name, key, dot, value);
		break;
	case SECT_CATEGORY:
		category_key(p, name, key, dot, value);
		break;
	case SECT_WINDOW:
		window_key(p, name, key, dot, value);
		break;
	case SECT_LEVEL:
		level_key(p, name, key, dot, value);
		break;
	case SECT_API:
		api_key(p, name, key, dot, value);
		break;
	case SECT_FEED:
		feed_key(p, name, key, dot, value);
		break;
	case SECT_GPIO:
		gpio_key(p, name, key, dot, value);
		break;
	case SECT_DISPLAY:
		display_key(p, name, key, dot, value);
		break;
	case SECT_PRINTER:
		printer_key(p, name, key, dot, value);
		break;
	case SECT_KIOSK:
		kiosk_key(p, name, key, dot, value);
		break;
	case SECT_CALENDAR:
		calendar_key(p, name, key, dot, value);
		break;
	default:
		break;
	}
	return 1;
}

/* ---------- sections ---------- */

static void category_defaults(struct config_category *cat, const char *id)
{
	memset(cat, 0, sizeof(*cat));
	memcpy(cat->id, id, strlen(id) + 1);
	cat->digits = 3;
	cat->first = 1;
	cat->last = 999;
	cat->service_minutes = 10;
}

static void window_defaults(struct config_window *w, const char *id)
{
	memset(w, 0, sizeof(*w));
	memcpy(w->id, id, strlen(id) + 1);
	w->rule = CONFIG_RULE_FIFO;
	w->open = true;
	w->speech = true;
}

/* A section header "[TYPE]" or "[TYPE ID]"; @text is what is between the brackets. */
static void section_begin(struct parse *p, const char *text, size_t len)
{
	struct config *c = p->cfg;
	char head[256]; /* a line is shorter than inih's buffer */
	const char *type = text, *id;
	size_t nt, ni;
	int kind = -1;

	len = trimmed(&type, len);
	for (nt = 0; nt < len && !is_space(type[nt]);)
		nt++;
	id = type + nt;
	ni = trimmed(&id, len - nt);
	p->sect = SECT_SKIP;
	p->n_seen = 0;
	snprintf(head, sizeof(head), "%.*s", (int)len, type);
	for (int k = SECT_OFFICE; k < SECT_COUNT; k++) {
		if (strlen(section_names[k]) == nt && strncasecmp(type, section_names[k], nt) == 0)
			kind = k;
	}
	if (kind < 0) {
		perr(p, p->line, "unknown section [%s]", show(head).s);
		return;
	}
	if (kind != SECT_CATEGORY && kind != SECT_WINDOW) {
		if (ni > 0) {
			perr(p, p->line, "[%s] takes no id ('%s')", section_names[kind],
			     show(head + (id - type)).s);
			return;
		}
		if (p->section_line[kind]) {
			perr(p, p->line, "duplicate section [%s] (first at line %d)",
			     section_names[kind], p->section_line[kind]);
			return;
		}
		p->section_line[kind] = p->line;
		p->sect = (enum section)kind;
		snprintf(p->sect_label, sizeof(p->sect_label), "%s", section_names[kind]);
		return;
	}

	if (!p->section_line[kind])
		p->section_line[kind] = p->line;
	if (ni == 0) {
		perr(p, p->line, "[%s] needs an id, as in [%s %s]", section_names[kind],
		     section_names[kind], kind == SECT_CATEGORY ? "A" : "1");
		return;
	}
	for (size_t i = 0; i < ni; i++) {
		if (!is_id_char(id[i]) || ni >= CONFIG_ID_MAX) {
			perr(p, p->line,
			     "bad %s id '%s' (letters, digits, '-' and '_', at most %d bytes)",
			     section_names[kind], show(head + (id - type)).s, CONFIG_ID_MAX - 1);
			return;
		}
	}
	snprintf(head, sizeof(head), "%.*s", (int)ni, id);
	if (kind == SECT_CATEGORY) {
		int i = config_category_index(c, head);

		if (i >= 0) {
			perr(p, p->line, "duplicate [category %s] (first at line %d)", head,
			     p->cats[i].line);
			return;
		}
		if (c->n_categories >= CONFIG_MAX_CATEGORIES) {
			perr(p, p->line, "too many categories (at most %d)", CONFIG_MAX_CATEGORIES);
			return;
		}
		p->sect_index = c->n_categories++;
		category_defaults(&c->categories[p->sect_index], head);
		memset(&p->cats[p->sect_index], 0, sizeof(p->cats[0]));
		p->cats[p->sect_index].line = p->line;
	} else {
		int i = config_window_index(c, head);

		if (i >= 0) {
			perr(p, p->line, "duplicate [window %s] (first at line %d)", head,
			     p->wins[i].line);
			return;
		}
		if (c->n_windows >= CONFIG_MAX_WINDOWS) {
			perr(p, p->line, "too many windows (at most %d)", CONFIG_MAX_WINDOWS);
			return;
		}
		p->sect_index = c->n_windows++;
		window_defaults(&c->windows[p->sect_index], head);
		memset(&p->wins[p->sect_index], 0, sizeof(p->wins[0]));
		p->wins[p->sect_index].line = p->line;
	}
	p->sect = (enum section)kind;
	snprintf(p->sect_label, sizeof(p->sect_label), "%s %s", section_names[kind],
		 kind == SECT_CATEGORY ? c->categories[p->sect_index].id
				       : c->windows[p->sect_index].id);
}

/* ---------- lines ---------- */

/* Like inih's find_chars_or_comment(): the first of @chars, or an inline ';' comment. */
static size_t find_or_comment(const char *s, size_t n, const char *chars)
{
	bool was_space = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (strchr(chars, s[i]) || (was_space && s[i] == ';'))
			break;
		was_space = is_space(s[i]);
	}
	return i;
}

/*
 * inih's reader: hands over the next line of the buffer. Lines inih would
 * reject (too long, no '=', no ']') are reported here and handed over blank.
 */
static char *on_read(char *str, int num, void *stream)
{
	struct parse *p = stream;
	const char *s = p->buf + p->pos;
	size_t n = 0, i;

	if (p->pos >= p->len)
		return NULL;
	while (p->pos + n < p->len && s[n] != '\n' && s[n] != '\r')
		n++;
	p->pos += n;
	if (p->pos < p->len) {
		if (p->buf[p->pos] == '\r' && p->pos + 1 < p->len && p->buf[p->pos + 1] == '\n')
			p->pos++;
		p->pos++;
	}
	p->line++;
	if (p->line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3, n -= 3;
	n = trimmed(&s, n); /* no indentation: inih would take it as a continuation */
	str[0] = '\0';
	if (n > 0 && (*s == ';' || *s == '#'))
		return str; /* a comment, of any length */
	if (n + 3 > (size_t)num) {
		perr(p, p->line, "line is too long (%zu bytes, at most %d)", n, num - 3);
		return str;
	}
	if (n > 0 && *s == '[') {
		i = find_or_comment(s + 1, n - 1, "]") + 1;
		if (i >= n || s[i] != ']') {
			perr(p, p->line, "section header has no closing ']'");
			p->sect = SECT_SKIP;
			return str;
		}
		section_begin(p, s + 1, i - 1);
		if (i + 1 < n) {
			const char *rest = s + i + 1;

			if (trimmed(&rest, n - i - 1) > 0 && *rest != ';' && *rest != '#')
				perr(p, p->line, "unexpected text after ']'");
		}
	} else if (n > 0) {
		i = find_or_comment(s, n, "=:");
		if (memmem(s, i, "\xEF\xBC\x9D", 3)) {
			perr(p, p->line, "use a half-width '=' instead of '\xEF\xBC\x9D'");
			return str;
		}
		if (i >= n || s[i] == ';') {
			perr(p, p->line, "expected 'key = value', a [section] or a comment");
			return str;
		}
		if (i == 0) {
			perr(p, p->line, "missing key name before '%c'", s[0]);
			return str;
		}
	}
	memcpy(str, s, n);
	str[n] = '\n';
	str[n + 1] = '\0';
	return str;
}

/* ---------- whole file ---------- */

/* Offset of the first byte that is not valid UTF-8, or @len. */
static size_t utf8_check(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		unsigned long cp;

		if (c < 0x80) {
			if (c == 0)
				return i;
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 1, cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2, cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3, cp = c & 0x07;
		} else {
			return i;
		}
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += n + 1;
	}
	return len;
}

static int line_of(const char *buf, size_t off)
{
	int line = 1;

	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n' || (buf[i] == '\r' && (i + 1 >= off || buf[i + 1] != '\n')))
			line++;
	}
	return line;
}

static bool label_clash(const struct config_category *a, const struct config_category *b,
			char *example, size_t size)
{
	const struct config_category *s = a, *l = b;
	const char *rest;
	long long base = 0, lo, hi;

	if (strlen(a->prefix) > strlen(b->prefix))
		s = b, l = a;
	if (strncmp(l->prefix, s->prefix, strlen(s->prefix)) != 0)
		return false;
	rest = l->prefix + strlen(s->prefix);
	if ((int)strlen(rest) + l->digits != s->digits)
		return false;
	for (; *rest; rest++) {
		if (!is_digit(*rest))
			return false;
		base = base * 10 + (*rest - '0');
	}
	for (int k = 0; k < l->digits; k++)
		base *= 10;
	lo = base + l->first > s->first ? base + l->first : s->first;
	hi = base + l->last < s->last ? base + l->last : s->last;
	if (lo > hi)
		return false;
	snprintf(example, size, "%s%0*lld", s->prefix, s->digits, lo);
	return true;
}

static void check_categories(struct parse *p)
{
	struct config *c = p->cfg;
	bool ok[CONFIG_MAX_CATEGORIES];
	char example[32];

	for (int i = 0; i < c->n_categories; i++) {
		struct config_category *cat = &c->categories[i];
		struct cat_info *info = &p->cats[i];
		long cap = 1;

		for (int k = 0; k < cat->digits; k++)
			cap *= 10;
		ok[i] = true;
		if (!info->has_name) {
			perr(p, info->line, "missing key 'name' in [category %s]", cat->id);
			ok[i] = false;
		}
		if (!info->has_prefix) {
			if (strlen(cat->id) + 2 > sizeof(cat->prefix)) {
				perr(p, info->line,
				     "[category %s] needs a prefix (its id is too long to be one)",
				     cat->id);
				ok[i] = false;
			} else {
				size_t n = strlen(cat->id);

				memcpy(cat->prefix, cat->id, n);
				memcpy(cat->prefix + n, "-", 2);
			}
		}
		if (!info->has_last)
			cat->last = (int)(cap - 1);
		if (cat->last >= cap) {
			perr(p, info->last_line, "last: %d does not fit in %d digits", cat->last,
			     cat->digits);
			ok[i] = false;
		} else if (cat->first > cat->last) {
			perr(p, info->has_last ? info->last_line : info->line,
			     "[category %s]: first %d is after last %d", cat->id, cat->first,
			     cat->last);
			ok[i] = false;
		}
	}
	for (int j = 0; j < c->n_categories; j++) {
		for (int i = 0; i < j; i++) {
			if (!ok[i] || !ok[j])
				continue;
			if (label_clash(&c->categories[i], &c->categories[j], example,
					sizeof(example)))
				perr(p, p->cats[j].line,
				     "categories %s and %s can give the same ticket '%s'",
				     c->categories[i].id, c->categories[j].id, example);
		}
	}
}

static void check_windows(struct parse *p)
{
	struct config *c = p->cfg;
	bool served[CONFIG_MAX_CATEGORIES] = { false };
	bool all_known = true;

	for (int w = 0; w < c->n_windows; w++) {
		struct config_window *win = &c->windows[w];
		struct win_info *info = &p->wins[w];

		if (!info->has_label)
			memcpy(win->label[LANG_JA], win->id, strlen(win->id) + 1);
		if (!info->has_categories) {
			perr(p, info->line, "missing key 'categories' in [window %s]", win->id);
			all_known = false;
			continue;
		}
		if (info->n_cats < 0) {
			all_known = false;
			continue;
		}
		win->n_categories = 0;
		for (int k = 0; k < info->n_cats; k++) {
			int ci = config_category_index(c, info->cats[k]);

			if (ci < 0) {
				perr(p, info->cats_line, "categories: unknown category '%s'",
				     info->cats[k]);
				all_known = false;
				continue;
			}
			served[ci] = true;
			win->categories[win->n_categories++] = ci;
		}
	}
	for (int i = 0; all_known && i < c->n_categories; i++) {
		if (!served[i])
			perr(p, p->cats[i].line, "no window serves category %s",
			     c->categories[i].id);
	}
}

static bool lines_same(const struct config_line *a, const struct config_line *b)
{
	if (!a->set || !b->set)
		return false;
	if (a->offset >= 0 || b->offset >= 0)
		return a->offset == b->offset;
	return strcmp(a->name, b->name) == 0;
}

static void check_gpio(struct parse *p)
{
	struct config *c = p->cfg;

	for (int b = 0; b < c->n_buttons; b++) {
		struct button_info *info = &p->buttons[b];
		struct config_button *btn = &c->buttons[b];

		if (btn->kind == CONFIG_BUTTON_TICKET) {
			btn->target = config_category_index(c, info->target);
			if (btn->target < 0)
				perr(p, info->line, "%s: unknown category '%s'", info->key,
				     info->target);
		} else {
			btn->target = config_window_index(c, info->target);
			if (btn->target < 0)
				perr(p, info->line, "%s: unknown window '%s'", info->key,
				     info->target);
		}
	}
	for (int j = 0; j < p->n_uses; j++) {
		for (int i = 0; i < j; i++) {
			const struct config_line *l = p->uses[i].l;

			if (!lines_same(l, p->uses[j].l))
				continue;
			if (l->offset >= 0)
				perr(p, p->uses[j].line,
				     "%s: GPIO line %d is already used by %s (line %d)",
				     p->uses[j].key, l->offset, p->uses[i].key, p->uses[i].line);
			else
				perr(p, p->uses[j].line,
				     "%s: GPIO line %s is already used by %s (line %d)",
				     p->uses[j].key, l->name, p->uses[i].key, p->uses[i].line);
			break;
		}
	}
	if (c->beam_outer.set != c->beam_inner.set) {
		if (c->beam_outer.set)
			perr(p, p->beam_outer_line, "beam_outer: needs beam_inner as well");
		else
			perr(p, p->beam_inner_line, "beam_inner: needs beam_outer as well");
	}
	if (c->beam_blocked_ms <= c->beam_min_break_ms)
		perr(p, p->blocked_line ? p->blocked_line : p->min_break_line,
		     "beam_blocked_ms: %d must be more than beam_min_break_ms %d",
		     c->beam_blocked_ms, c->beam_min_break_ms);
}

/*
 * The residents' page opens an office from its address's fragment,
 * "#office=ID" (docs/feed.md); a ticket's QR code adds "&ticket=LABEL".
 */
static void check_status_page(struct parse *p)
{
	const struct config *c = p->cfg;
	const char *hash = strchr(c->status_page_url, '#');

	if (!c->status_page_url[0] || !p->has_office_id || !c->office_id[0])
		return;
	if (!hash || strncmp(hash + 1, "office=", 7) != 0 || strcmp(hash + 8, c->office_id) != 0)
		perr(p, p->status_page_line,
		     "status_page_url: must end with #office=%s (this office on the residents' page)",
		     c->office_id);
}

static void check_printer_kiosk(struct parse *p)
{
	struct config *c = p->cfg;

	if (p->section_line[SECT_PRINTER]) {
		if (c->printer_device[0] && c->printer_host[0])
			perr(p, p->device_line > p->host_line ? p->device_line : p->host_line,
			     "device and host: give one of them, not both");
		else if (!p->device_line && !p->host_line)
			perr(p, p->section_line[SECT_PRINTER],
			     "missing key 'device' or 'host' in [printer]");
	}
	if (p->section_line[SECT_KIOSK] && !p->kiosk_token_line)
		perr(p, p->section_line[SECT_KIOSK], "missing key 'token' in [kiosk]");
	if (c->kiosk_token[0] && strcmp(c->kiosk_token, c->token) == 0)
		perr(p, p->kiosk_token_line,
		     "token: the kiosk's token must differ from [api] token (it may only issue "
		     "tickets)");
	if (p->n_kiosk_cats > 0) {
		c->n_kiosk_categories = 0;
		for (int i = 0; i < p->n_kiosk_cats; i++) {
			int ci = config_category_index(c, p->kiosk_cats[i]);

			if (ci < 0)
				perr(p, p->kiosk_cats_line, "categories: unknown category '%s'",
				     p->kiosk_cats[i]);
			else
				c->kiosk_categories[c->n_kiosk_categories++] = ci;
		}
	} else if (p->n_kiosk_cats == 0) {
		for (int i = 0; i < c->n_categories; i++)
			c->kiosk_categories[i] = i;
		c->n_kiosk_categories = c->n_categories;
	}
}

static void check_whole(struct parse *p)
{
	struct config *c = p->cfg;

	if (!p->section_line[SECT_OFFICE] && p->orphan_n > 0) {
		/* The [office] line deleted: its keys are left before any section. */
		if (p->orphan_n == 1)
			perr(p, p->orphan_first,
			     "missing section [office]: write [office] above this line ('%s' "
			     "belongs to no section)",
			     p->orphan_keys);
		else
			perr(p, p->orphan_first,
			     "missing section [office]: write [office] above this line (%d keys "
			     "on lines %d-%d belong to no section: %s)",
			     p->orphan_n, p->orphan_first, p->orphan_last, p->orphan_keys);
	} else if (p->orphan_n == 1) {
		perr(p, p->orphan_first, "'%s' comes before any [section]", p->orphan_keys);
	} else if (p->orphan_n > 1) {
		perr(p, p->orphan_first,
		     "%d keys on lines %d-%d come before any [section] (%s): put them under "
		     "their section",
		     p->orphan_n, p->orphan_first, p->orphan_last, p->orphan_keys);
	}
	if (!p->section_line[SECT_OFFICE]) {
		if (!p->orphan_n)
			perr(p, 0, "missing section [office]");
	} else {
		if (!p->has_office_id)
			perr(p, p->section_line[SECT_OFFICE], "missing key 'id' in [office]");
		if (!p->has_office_name)
			perr(p, p->section_line[SECT_OFFICE], "missing key 'name' in [office]");
	}
	if (!p->section_line[SECT_CATEGORY])
		perr(p, 0, "missing section [category ...]: at least one is needed");
	if (!p->section_line[SECT_WINDOW])
		perr(p, 0, "missing section [window ...]: at least one is needed");
	check_categories(p);
	check_windows(p);
	check_gpio(p);
	check_status_page(p);
	check_printer_kiosk(p);
	if (strcmp(c->token, CONFIG_EXAMPLE_TOKEN) == 0 && !config_listen_loopback(c->listen))
		perr(p, p->token_line,
		     "token: the example token may only be used with listen on 127.0.0.1; "
		     "listen = %s is open to the network: write a token of your own "
		     "(16 or more characters)",
		     c->listen);
	if (strcmp(c->kiosk_token, CONFIG_EXAMPLE_KIOSK_TOKEN) == 0 &&
	    !config_listen_loopback(c->listen))
		perr(p, p->kiosk_token_line,
		     "token: the example kiosk token may only be used with listen on 127.0.0.1; "
		     "listen = %s is open to the network: write a token of your own "
		     "(16 or more characters)",
		     c->listen);
	if (c->feed_ngsi && c->ngsi_url[0] == '\0')
		perr(p, p->ngsi_line, "ngsi: yes needs ngsi_url");
	if (c->feed_min_gap_s > c->feed_interval_s)
		perr(p, p->min_gap_line ? p->min_gap_line : p->interval_line,
		     "min_gap: %d is more than interval %d", c->feed_min_gap_s, c->feed_interval_s);
}

static bool error_at(const struct config_errors *errs, int from, int line)
{
	for (int i = from; i < errs->n; i++) {
		if (errs->e[i].line == line)
			return true;
	}
	return false;
}

/* Stable sort of @errs from @from by line. */
static void errors_sort(struct config_errors *errs, int from)
{
	for (int i = from + 1; i < errs->n; i++) {
		struct config_error e = errs->e[i];
		int j = i;

		while (j > from && errs->e[j - 1].line > e.line) {
			errs->e[j] = errs->e[j - 1];
			j--;
		}
		errs->e[j] = e;
	}
}

void config_defaults(struct config *cfg)
{
	static const enum lang kiosk_offered[] = { LANG_JA_EASY, LANG_EN, LANG_ZH_HANS, LANG_KO,
						   LANG_VI };

	memset(cfg, 0, sizeof(*cfg));
	cfg->utc_offset_minutes = 9 * 60;
	for (int i = 0; i < LANG_COUNT; i++)
		cfg->languages[i] = (enum lang)i;
	cfg->n_languages = LANG_COUNT;
	for (int d = 0; d < 7; d++) {
		bool weekday = d >= 1 && d <= 5;

		cfg->hours[d].n = weekday ? 1 : 0;
		cfg->hours[d].spans[0].start = 8 * 60 + 30;
		cfg->hours[d].spans[0].end = 17 * 60 + 15;
	}
	cfg->holidays_closed = true;
	cfg->year_end_from = 1229;
	cfg->year_end_to = 103;
	cfg->reservation_grace_minutes = 10;
	cfg->wait_minutes[0] = 20;
	cfg->wait_minutes[1] = 40;
	cfg->wait_minutes[2] = 60;
	cfg->occupancy_percent[0] = 30;
	cfg->occupancy_percent[1] = 60;
	cfg->occupancy_percent[2] = 80;
	cfg->capacity = 0;
	cfg->hold_minutes = 5;
	cfg->report_target_wait = 30;
	snprintf(cfg->listen, sizeof(cfg->listen), "127.0.0.1:8080");
	snprintf(cfg->state_dir, sizeof(cfg->state_dir), "/var/lib/machiai");
	cfg->feed_interval_s = 60;
	cfg->feed_min_gap_s = 3;
	cfg->history_interval_s = 300;
	snprintf(cfg->gpio_chip, sizeof(cfg->gpio_chip), "gpiochip0");
	cfg->debounce_ms = 10;
	cfg->door_grace_s = 10;
	cfg->door.offset = -1;
	cfg->beam_outer.offset = -1;
	cfg->beam_inner.offset = -1;
	cfg->counter_in.offset = -1;
	cfg->counter_out.offset = -1;
	cfg->beam_min_break_ms = 25;
	cfg->beam_min_gap_ms = 75;
	cfg->beam_second_ms = 500;
	cfg->beam_blocked_ms = 2500;
	cfg->printer_dots = 576;
	cfg->printer_cut = CONFIG_CUT_PARTIAL;
	cfg->printer_away_minutes = 30;
	cfg->printer_timeout_s = 5;
	memcpy(cfg->kiosk_languages, kiosk_offered, sizeof(kiosk_offered));
	cfg->n_kiosk_languages = (int)(sizeof(kiosk_offered) / sizeof(kiosk_offered[0]));
	cfg->kiosk_help = true;
	snprintf(cfg->layout, sizeof(cfg->layout), "landscape");
	cfg->rotate = 0;
	cfg->sound = true;
	cfg->rotate_seconds = 6;
	cfg->off_hours_black = false;
	cfg->speech = true;
	cfg->announce[0] = LANG_JA;
	cfg->announce[1] = LANG_EN;
	cfg->n_announce = 2;
	cfg->volume = 100;
	cfg->announce_repeat = 1;
}

int config_parse(const char *buf, size_t len, struct config *cfg, struct config_errors *errs)
{
	struct parse *p;
	int from = errs->n, rc;
	size_t bad;

	config_defaults(cfg);
	p = calloc(1, sizeof(*p));
	if (!p) {
		if (errs->n < CONFIG_MAX_ERRORS) {
			errs->e[errs->n].line = 0;
			snprintf(errs->e[errs->n].message, sizeof(errs->e[0].message),
				 "out of memory");
			snprintf(errs->e[errs->n].message_ja, sizeof(errs->e[0].message_ja),
				 "メモリーが足りません");
			errs->n++;
		} else {
			errs->dropped++;
		}
		return -1;
	}
	p->buf = buf;
	p->len = len;
	p->cfg = cfg;
	p->errs = errs;

	if (len > CONFIG_MAX_SIZE) {
		perr(p, 0, "file is too big (%zu bytes, at most %d)", len, CONFIG_MAX_SIZE);
		goto out_free;
	}
	if (len >= 2 && (((unsigned char)buf[0] == 0xFF && (unsigned char)buf[1] == 0xFE) ||
			 ((unsigned char)buf[0] == 0xFE && (unsigned char)buf[1] == 0xFF))) {
		perr(p, 0, "the file is UTF-16; save it as UTF-8");
		goto out_free;
	}
	bad = utf8_check((const unsigned char *)buf, len);
	if (bad < len) {
		if (buf[bad] == '\0')
			perr(p, line_of(buf, bad), "NUL byte: this is not a text file");
		else
			perr(p, line_of(buf, bad), "not UTF-8 text; save the file as UTF-8");
		goto out_free;
	}

	rc = ini_parse_stream(on_read, p, on_key, p);
	if (rc > 0 && !error_at(errs, from, rc))
		perr(p, rc, "cannot read this line"); /* a line inih refused that on_read passed */
	else if (rc < 0)
		perr(p, 0, "out of memory");
	check_whole(p);

out_free:
	rc = p->n_errors ? -1 : 0;
	free(p);
	errors_sort(errs, from);
	return rc;
}

bool config_printer_set(const struct config *cfg)
{
	return cfg->printer_device[0] || cfg->printer_host[0];
}

int config_category_index(const struct config *cfg, const char *id)
{
	for (int i = 0; i < cfg->n_categories; i++) {
		if (strcmp(cfg->categories[i].id, id) == 0)
			return i;
	}
	return -1;
}

int config_window_index(const struct config *cfg, const char *id)
{
	for (int i = 0; i < cfg->n_windows; i++) {
		if (strcmp(cfg->windows[i].id, id) == 0)
			return i;
	}
	return -1;
}

int config_check_dates(const struct config *cfg, int32_t today, struct config_errors *errs)
{
	struct parse p = { .errs = errs, .cfg = (struct config *)cfg };

	for (int i = 0; i < cfg->n_dates; i++) {
		int32_t d = cfg->dates[i].date;

		if (d < today)
			perr(&p, cfg->dates[i].line,
			     "%04d-%02d-%02d is in the past (today is %04d-%02d-%02d): delete the "
			     "line, or correct the year",
			     (int)(d / 10000), (int)(d / 100 % 100), (int)(d % 100),
			     (int)(today / 10000), (int)(today / 100 % 100), (int)(today % 100));
	}
	errors_sort(errs, 0); /* among the file's other errors, by line */
	return p.n_errors;
}
