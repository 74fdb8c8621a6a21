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
};

struct layout {
	char name[64];
	int width, height; /* design size of the canvas, before rotation */
	int rotate; /* 0, 90, 180, 270: clockwise, applied when presenting */
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

#endif
