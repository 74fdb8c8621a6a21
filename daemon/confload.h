/* SPDX-License-Identifier: MIT */
/*
 * Loading machiai.conf from a file: the I/O edge of core/config.h.
 * Errors are printed as "FILE:LINE: message", or "FILE: message" for the
 * file as a whole, in English; with more languages, each error is followed
 * by a line "\tCODE: message" per further language. Warnings are printed
 * the same way, their message starting "warning: " ("警告: ") (docs/config.md).
 */
#ifndef MACHIAI_DAEMON_CONFLOAD_H
#define MACHIAI_DAEMON_CONFLOAD_H

#include <stdint.h>
#include <stdio.h>

#include "core/config.h"

/* Languages of the messages (core/config_ja.c has the Japanese). */
enum confload_lang {
	CONFLOAD_EN,
	CONFLOAD_JA,
};
#define CONFLOAD_LANGS_MAX 2

/**
 * confload_file() - read @path (at most CONFIG_MAX_SIZE bytes) and parse it
 * into @cfg. Every error is printed to @errout (NULL: not printed) in
 * English, one per line, in the order of the file; errors beyond
 * CONFIG_MAX_ERRORS are counted in a last line. Warnings are printed too.
 *
 * Return: 0 when @cfg is valid (warnings allowed), -1 when the file is
 * missing, unreadable, too big or has any error (then @cfg must not be used).
 */
int confload_file(const char *path, struct config *cfg, FILE *errout);

/**
 * confload_check() - what `machiaid --check-config @path` does: print every
 * error and warning of @path to @out in English, nothing when it is valid
 * without warnings. A [calendar] date before the office's date at @now_ms
 * (epoch ms, the machine's clock; 0: not checked) is an error too
 * (config_check_dates()).
 *
 * Return: the process exit code, 0 when valid (warnings allowed), 2 otherwise.
 */
int confload_check(const char *path, FILE *out, int64_t now_ms);

/**
 * confload_check_lang() - confload_check() with the messages in the @n
 * languages of @langs: the first on the "FILE:LINE: " line, each further one
 * on a line of its own after it, "\tCODE: message".
 */
int confload_check_lang(const char *path, FILE *out, const enum confload_lang *langs, int n,
			int64_t now_ms);

/**
 * confload_langs_parse() - languages from @list, "en", "ja", "en,ja" or
 * "ja,en", into @langs (CONFLOAD_LANGS_MAX entries).
 *
 * Return: how many, or -1 when @list is not such a list.
 */
int confload_langs_parse(const char *list, enum confload_lang *langs);

#endif
