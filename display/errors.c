/* SPDX-License-Identifier: MIT */
#include "display/errors.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/*
 * The length of the valid UTF-8 sequence at @s (@n bytes left), or 0 when
 * it is not one (overlong, surrogate, beyond U+10FFFF, or cut off).
 */
static size_t errors_utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/*
 * Copies line @s (@n bytes) into @out (@size bytes) as valid UTF-8 without
 * control characters, cut at a character boundary when too long.
 */
static void errors_clean(const char *s, size_t n, char *out, size_t size, int *replaced)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0, i = 0;

	while (i < n) {
		size_t len = errors_utf8_len(p + i, n - i);
		const char *put = (const char *)p + i;
		size_t put_len = len;

		if (len == 0) {
			put = "\xef\xbf\xbd"; /* U+FFFD */
			put_len = 3;
			len = 1;
			(*replaced)++;
		} else if (len == 1 && (p[i] < 0x20 || p[i] == 0x7f)) {
			put = " ";
			if (p[i] != '\t')
				(*replaced)++;
		}
		if (o + put_len >= size)
			break;
		memcpy(out + o, put, put_len);
		o += put_len;
		i += len;
	}
	out[o] = '\0';
}

/*
 * Where "FILE:LINE: " ends in @s (@n bytes), with the line number in
 * *@line; 0 when @s does not start that way.
 */
static size_t errors_prefix(const char *s, size_t n, int *line)
{
	for (size_t i = 0; i < n; i++) {
		size_t j = i + 1;
		long v = 0;

		if (s[i] != ':')
			continue;
		if (i + 1 < n && s[i + 1] == ' ')
			return 0; /* "FILE: message": the message's own colons do not count */
		while (j < n && j - i <= 9 && s[j] >= '0' && s[j] <= '9') {
			v = v * 10 + (s[j] - '0');
			j++;
		}
		if (i > 0 && j > i + 1 && j < n && s[j] == ':' && v > 0 && v <= 9999999) {
			*line = (int)v;
			while (j + 1 < n && s[j + 1] == ' ')
				j++;
			return j + 1;
		}
	}
	return 0;
}

/* How much of "DIR/FILE: message" in @s (@n bytes) is DIR/; 0 when none. */
static size_t errors_dir(const char *s, size_t n)
{
	size_t colon = 0, slash = 0;

	while (colon + 1 < n && !(s[colon] == ':' && s[colon + 1] == ' '))
		colon++;
	if (colon + 1 >= n)
		return 0;
	for (size_t i = 0; i < colon; i++) {
		if (s[i] == '/')
			slash = i + 1;
	}
	return slash;
}

/*
 * The language code of an indented line "CODE: message" at @s (@n bytes,
 * past its indentation) into @code (@size bytes), and where its message
 * starts; 0 when it is not such a line.
 */
static size_t errors_lang_line(const char *s, size_t n, char *code, size_t size)
{
	static const char *const codes[] = { "ja", "en", "zh-Hans", "ko", "vi", "ja-easy" };

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		size_t k = strlen(codes[i]);

		if (n > k + 1 && memcmp(s, codes[i], k) == 0 && s[k] == ':' && s[k + 1] == ' ') {
			snprintf(code, size, "%s", codes[i]);
			return k + 2;
		}
	}
	return 0;
}

int errors_parse(const char *buf, size_t len, struct errors *out)
{
	size_t pos = 0;

	memset(out, 0, sizeof(*out));
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *s = buf + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos, skip;
		struct errors_item *e;
		bool blank = true;
		int line = 0;
		size_t indent = 0, at;
		char code[8];

		pos += n + (nl != NULL);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		for (size_t i = 0; i < n && blank; i++)
			blank = s[i] == ' ' || s[i] == '\t';
		if (blank)
			continue;
		while (s[indent] == ' ' || s[indent] == '\t')
			indent++;
		at = indent ? errors_lang_line(s + indent, n - indent, code, sizeof(code)) : 0;
		if (at) {
			/* Another language of the error above (only after a kept one). */
			if (strcmp(code, "ja") == 0 && out->n > 0 && out->total == out->n) {
				char raw[2 * ERRORS_TEXT_MAX];
				const char *colon;
				size_t k = 0, m = n - indent - at;

				e = &out->e[out->n - 1];
				/* Without a line, the error names its file: so does its Japanese. */
				colon = e->line ? NULL : strstr(e->text, ": ");
				if (colon) {
					k = (size_t)(colon - e->text) + 2;
					memcpy(raw, e->text, k);
				}
				if (m > sizeof(raw) - k)
					m = sizeof(raw) - k;
				memcpy(raw + k, s + indent + at, m);
				errors_clean(raw, k + m, e->ja, sizeof(e->ja), &out->replaced);
			}
			continue;
		}
		out->total++;
		if (out->n == ERRORS_MAX)
			continue;
		e = &out->e[out->n++];
		skip = errors_prefix(s, n, &line);
		if (skip)
			e->line = line;
		else
			skip = errors_dir(s, n);
		errors_clean(s + skip, n - skip, e->text, sizeof(e->text), &out->replaced);
	}
	return 0;
}
