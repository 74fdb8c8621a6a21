/* SPDX-License-Identifier: MIT */
/*
 * Drawing the sign: one whole frame from the status, the locale texts, the
 * layout and the time (kilo's editorRefreshScreen(): no partial updates).
 * The frame is drawn on a canvas of the layout's orientation and turned by
 * the layout's rotation when presented.
 */
#ifndef MACHIAI_DISPLAY_RENDER_H
#define MACHIAI_DISPLAY_RENDER_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/lang.h"
#include "display/errors.h"
#include "display/layout.h"
#include "display/locale.h"
#include "display/status.h"

#define RENDER_FLASH_MS 10000 /* a new call flashes this long */
#define RENDER_BLINK_MS 500 /* each phase of the flash */

/* Everything a frame shows. */
struct render_view {
	const struct status *st; /* NULL before the first document */
	const struct locale *loc[LANG_COUNT]; /* loc[LANG_JA] required; NULL = not loaded */
	enum lang second; /* the language shown under Japanese; LANG_JA = none */
	int64_t now_ms; /* wall clock, ms since the epoch */
	int utc_offset_min; /* for the clock when there is no document */
	bool stale; /* the data is no longer live */
	int64_t as_of_ms; /* stale: when the data was last known good */
	int flash_call; /* index into st->calls that flashes, -1 = none */
	bool flash_on; /* the flash's bright phase */
	bool off_hours_black; /* closed: paint black */
	/*
	 * Not NULL: the config-error screen instead of the status, filling
	 * the canvas (the layout gives only its size and rotation).
	 */
	const struct errors *errors;
	int64_t errors_gen; /* changes whenever *errors does */
	/*
	 * Before the first document (st NULL): LOC_CONNECTING while trying,
	 * else the LOC_CONNECT_* key of why none came; the URL asked for (NULL
	 * for a file) and the failure in words ("" when none).
	 */
	enum locale_key conn_why;
	const char *conn_url;
	const char *conn_detail;
	const char *console_url; /* the staff console, on the closed screen; NULL = none */
};

struct render;

/**
 * render_new() - a renderer drawing with @r through @font_file.
 * Return: the renderer, to be freed with render_free(), or NULL.
 */
struct render *render_new(SDL_Renderer *r, const char *font_file);

/** render_free() - free @rd; NULL is fine. */
void render_free(struct render *rd);

/**
 * render_frame() - draw @v with layout @lay on an output of @out_w x @out_h
 * pixels (the layout's canvas turned by lay->rotate) into the renderer's
 * default target. The caller presents it or reads its pixels.
 * Return: 0, or -1 when the canvas cannot be made.
 */
int render_frame(struct render *rd, const struct layout *lay, const struct render_view *v,
		 int out_w, int out_h);

/** render_rasterised() - texts rasterised so far (for the cache test and benchmarks). */
unsigned long render_rasterised(const struct render *rd);

/**
 * render_second_px() - the height of the smallest box a second-language
 * text was drawn in, in the last frame drawn (0 when none): what
 * "second_min_px" of the layout bounds.
 */
int render_second_px(const struct render *rd);

#endif
