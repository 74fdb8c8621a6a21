/* SPDX-License-Identifier: MIT */
/*
 * Layouts (JSON files in layouts/, docs/display.md): the screen's design size and
 * rotation, and where each widget goes, in fractions of the screen.
 */
#ifndef MACHIAI_DISPLAY_LAYOUT_H
#define MACHIAI_DISPLAY_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "display/diag.h"

#define LAYOUT_MAX_SIZE (64 * 1024)

/*
 * Where the second language goes (display/render.c draws with these, and
 * layout_parse() checks them against "second_min_px"): fractions of the box
 * named, or per cent where the renderer counts in whole pixels.
 */
#define LAYOUT_HEADER_L2 0.28 /* header: office name and date, of the header */
#define LAYOUT_TITLE 0.12 /* windows, recent: the title strip, of the widget */
#define LAYOUT_TITLE_L2 0.62 /* the second language in the title strip, of it */
#define LAYOUT_LIST 0.87 /* windows, recent: the cards or rows under the title, of the widget */
#define LAYOUT_RECENT_L2 0.36 /* recent: the window's label under the Japanese, of a row */
#define LAYOUT_CARD_L2_PCT 28 /* windows: the label under the Japanese, of the number's height */
#define LAYOUT_CAT_L2 0.12 /* categories: name and labels, of a card's inside */
#define LAYOUT_CAT_CHIP 0.315 /* categories: the congestion chip, of a card's inside */
#define LAYOUT_CAT_CHIP_L2 0.40 /* the level's word in the chip, of the chip */
#define LAYOUT_QR_L2 0.105 /* qr: the caption under the Japanese, of the widget */
#define LAYOUT_TICKER_L2 0.6 /* ticker: the service's state, of the ticker */
/* The cards a layout is checked for: a typical office. */
#define LAYOUT_CHECK_WINDOWS 6
#define LAYOUT_CHECK_CATEGORIES 4

enum layout_widget {
	LAYOUT_HEADER, /* office name, date, clock */
	LAYOUT_WINDOWS, /* the number called at each open window; the call flash */
	LAYOUT_RECENT, /* the board of recent calls */
	LAYOUT_CATEGORIES, /* waiting, wait band and congestion per category */
	LAYOUT_QR, /* QR code of the status page */
	LAYOUT_TICKER, /* service status and notice */
	LAYOUT_WIDGET_COUNT
};

struct layout_box {
	bool present;
	double x, y, w, h; /* fractions of the (unrotated) canvas */
	int columns; /* 0 = automatic */
	int rows; /* 0 = automatic */
	int index; /* its place in the file's "widgets" */
};

struct layout {
	char name[64];
	int width, height; /* design size of the canvas, before rotation */
	int rotate; /* 0, 90, 180, 270: clockwise, applied when presenting */
	int second_min_px; /* the smallest second-language text at the design size; 0 = any */
	struct layout_box box[LAYOUT_WIDGET_COUNT];
};

/**
 * layout_parse() - parse layout JSON @buf (@len bytes) into @lay, collecting
 * every error in @d as "JSON-path: message".
 * Return: 0 when there is none, -1 otherwise (@lay must then not be used).
 */
int layout_parse(const char *buf, size_t len, struct layout *lay, struct diag *d);

/** layout_widget_name() - the "type" of widget @w in layout files. */
const char *layout_widget_name(enum layout_widget w);

/**
 * layout_grid_columns() - the columns for @n cards of aspect @aspect (w/h)
 * in a box of @w x @h pixels that make them as large as possible, or
 * @fixed (at most @n) when it is more than 0.
 */
int layout_grid_columns(int w, int h, int n, double aspect, int fixed);

/**
 * layout_second_px() - the height in pixels of the smallest second-language
 * text of widget @w of @lay on a canvas of @cw x @ch pixels, as the renderer
 * places it (windows and categories with LAYOUT_CHECK_WINDOWS and
 * LAYOUT_CHECK_CATEGORIES cards); *@element names that text.
 * Return: the height, or 0 when the widget has no second-language text.
 */
int layout_second_px(const struct layout *lay, enum layout_widget w, int cw, int ch,
		     const char **element);

#endif
