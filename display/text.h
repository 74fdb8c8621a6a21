/* SPDX-License-Identifier: MIT */
/*
 * Text on the sign: Noto Sans CJK (Bold) faces, and a cache of rendered
 * text textures so that a steady frame rasterises nothing. Text that does
 * not fit its box is drawn smaller, never cut.
 */
#ifndef MACHIAI_DISPLAY_TEXT_H
#define MACHIAI_DISPLAY_TEXT_H

#include <SDL.h>
#include <stdbool.h>

#include "core/lang.h"

#define TEXT_CACHE_MAX 384 /* textures kept */

enum text_align {
	TEXT_LEFT = 0,
	TEXT_CENTER = 1,
	TEXT_RIGHT = 2,
};

struct text;

/**
 * text_font_find() - the font file to use: @override when not NULL, else
 * $MACHIAI_FONT, else the first of Debian's Noto Sans CJK Bold/Regular
 * collections that exists.
 * Return: the path (static or @override), or NULL when none is found.
 */
const char *text_font_find(const char *override);

/**
 * text_new() - open the faces of @font_file (a .ttc collection: JP, KR and
 * SC faces, or a single-face font) for drawing with @r.
 * Return: the text context, to be freed with text_free(), or NULL with a
 * message on stderr.
 */
struct text *text_new(SDL_Renderer *r, const char *font_file);

/** text_free() - free @t and its cached textures; NULL is fine. */
void text_free(struct text *t);

/**
 * text_draw() - draw UTF-8 @s in language @l at pixel height @px with
 * @color into @box, aligned @align horizontally and centred vertically;
 * shrunk to fit @box when needed. When @ground is opaque, the text is drawn
 * as an opaque block on that colour (the caller vouches that the ground
 * under the text's ink box is that colour): a copy, not a blend. With a
 * transparent @ground it is blended onto whatever is there.
 * Return: the width drawn in pixels (0 for an empty string).
 */
int text_draw(struct text *t, const char *s, enum lang l, int px, SDL_Color color, SDL_Color ground,
	      SDL_Rect box, enum text_align align);

/**
 * text_width() - the width @s would take at @px, before any shrinking.
 */
int text_width(struct text *t, const char *s, enum lang l, int px);

/**
 * text_fit_line() - the first line of UTF-8 @s that fits @max_w pixels at
 * @px: broken at the last space that fits when there is one in its last two
 * thirds (Latin text), else after the last character that fits (Japanese
 * has no spaces); at least one character. Spaces at the break are left out.
 * Return: the line's length in bytes; *@next is the offset of the rest of @s.
 */
size_t text_fit_line(struct text *t, const char *s, enum lang l, int px, int max_w, size_t *next);

/** text_frame_end() - mark the end of a frame (for cache ageing). */
void text_frame_end(struct text *t);

/** text_rasterised() - texts rasterised since text_new() (cache misses). */
unsigned long text_rasterised(const struct text *t);

#endif
