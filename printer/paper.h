/* SPDX-License-Identifier: MIT */
/*
 * The ticket on paper: a print job drawn as a 1-bit image as wide as the
 * printer's dots, with the sign's own fonts and text code (display/text.h on
 * SDL's software renderer), so that Japanese prints on any printer without
 * a kanji font of its own. The layout is in docs/install.md.
 */
#ifndef MACHIAI_PRINTER_PAPER_H
#define MACHIAI_PRINTER_PAPER_H

#include <stddef.h>
#include <stdint.h>

#include "core/config.h"
#include "display/locale.h"
#include "printer/job.h"

#define PAPER_MAX_ROWS 2400 /* 30 cm at 8 dots per mm */

struct paper;

/* What the office sets for every ticket ([printer] logo_line, footer). */
struct paper_look {
	const char *logo; /* "" = none */
	const char (*footer)[CONFIG_NAME_MAX]; /* per language; [LANG_JA] "" = none */
};

/**
 * paper_new() - a drawer for tickets @dots wide (a multiple of 8) with font
 * file @font and the locales @loc (loc[LANG_JA] required; the others may be
 * NULL and fall back to Japanese). @loc must outlive it.
 * Return: the drawer, to be freed with paper_free(), or NULL with a message
 * on stderr.
 */
struct paper *paper_new(int dots, const char *font, struct locale *const *loc);

/** paper_free() - free @p; NULL is fine. */
void paper_free(struct paper *p);

/**
 * paper_draw() - draw job @j with @look.
 * Return: the image, (@dots / 8) bytes a row, most significant bit
 * leftmost, 1 = black, valid until the next paper_draw() or paper_free();
 * *@rows gets its height. NULL when drawing failed.
 */
const uint8_t *paper_draw(struct paper *p, const struct job *j, const struct paper_look *look,
			  int *rows);

/**
 * paper_write_png() - the last image drawn, as a PNG file at @path (for
 * machiai-printer --png).
 * Return: 0, or -1 with a message on stderr.
 */
int paper_write_png(const struct paper *p, const char *path);

#endif
