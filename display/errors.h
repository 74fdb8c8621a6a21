/* SPDX-License-Identifier: MIT */
/*
 * The config-error file that systemd/check-config writes when machiai.conf
 * is wrong: one error a line, "FILE:LINE: message" (or "FILE: message" when
 * there is no line), in English, each followed by its Japanese on a line
 * "<TAB>ja: message" (`machiaid --check-config --lang en,ja`), for the sign's
 * error screen (machiai-display --errors). Parsed from a buffer: no I/O here.
 */
#ifndef MACHIAI_DISPLAY_ERRORS_H
#define MACHIAI_DISPLAY_ERRORS_H

#include <stddef.h>

#define ERRORS_MAX_SIZE (64 * 1024) /* more of the file is not read */
#define ERRORS_MAX 64 /* errors kept; the rest are only counted */
#define ERRORS_TEXT_MAX 512 /* bytes of one message, cut at a character */

struct errors_item {
	int line; /* line number in the file, 0 = none (shown whole) */
	char text[ERRORS_TEXT_MAX]; /* the message; without a line, the whole line */
	char ja[ERRORS_TEXT_MAX]; /* its Japanese, "" when the file has none */
};

struct errors {
	struct errors_item e[ERRORS_MAX];
	int n; /* errors kept */
	int total; /* errors in the buffer, kept or not */
	int replaced; /* invalid UTF-8 sequences and control bytes replaced */
};

/**
 * errors_parse() - parse the error lines of @buf (@len bytes: any bytes; a
 * UTF-8 BOM and CR before LF are allowed) into @out. Blank lines are
 * skipped. "DIR/FILE:LINE: message" gives line LINE and "message";
 * "DIR/FILE: message" is kept whole with DIR/ left out. An indented line
 * "ja: message" after an error is that error's Japanese (with "FILE: "
 * in front when the error has no line); other indented "CODE: message"
 * lines of a language code are skipped, and count as no error. Invalid UTF-8 is
 * replaced by U+FFFD and control characters by spaces (counted in
 * out->replaced).
 * Return: 0 (an empty buffer gives out->total == 0).
 */
int errors_parse(const char *buf, size_t len, struct errors *out);

#endif
