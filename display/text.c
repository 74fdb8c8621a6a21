/* SPDX-License-Identifier: MIT */
#include "display/text.h"

#include <SDL_ttf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Faces of Noto Sans CJK collections, by index in the .ttc file. */
enum text_face {
	TEXT_FACE_JP, /* 0: Noto Sans CJK JP */
	TEXT_FACE_KR, /* 1 */
	TEXT_FACE_SC, /* 2 */
	TEXT_FACE_COUNT
};

struct text_entry {
	uint64_t hash;
	char *s;
	int face, px, max_w, max_h;
	uint32_t color, ground;
	SDL_Texture *tex;
	int w, h; /* texture size */
	int dx, dy; /* where the texture's ink box sits in the rendered line */
	int full_w; /* width of the whole line, for alignment */
	int em; /* the size drawn after shrinking */
	int ascent;
	unsigned long used; /* frame number of the last use */
};

struct text {
	SDL_Renderer *r;
	TTF_Font *face[TEXT_FACE_COUNT];
	int face_px[TEXT_FACE_COUNT]; /* size currently set on each face */
	struct text_entry cache[TEXT_CACHE_MAX];
	int n_cache;
	unsigned long frame;
	unsigned long rasterised;
};

const char *text_font_find(const char *override)
{
	static const char *const candidates[] = {
		"/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
		"/usr/share/fonts/opentype/noto/NotoSansCJK-Black.ttc",
		"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	};
	const char *env = getenv("MACHIAI_FONT");

	if (override)
		return override;
	if (env && env[0])
		return env;
	for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
		if (access(candidates[i], R_OK) == 0)
			return candidates[i];
	}
	return NULL;
}

struct text *text_new(SDL_Renderer *r, const char *font_file)
{
	struct text *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->r = r;
	if (!TTF_WasInit() && TTF_Init() < 0) {
		fprintf(stderr, "machiai-display: TTF_Init: %s\n", TTF_GetError());
		goto err_free;
	}
	for (int f = 0; f < TEXT_FACE_COUNT; f++) {
		t->face[f] = TTF_OpenFontIndex(font_file, 64, f);
		if (!t->face[f] && f > 0) {
			t->face[f] = t->face[0]; /* a single-face font serves all */
			continue;
		}
		if (!t->face[f]) {
			fprintf(stderr, "machiai-display: %s: %s\n", font_file, TTF_GetError());
			goto err_free;
		}
		t->face_px[f] = 64;
		TTF_SetFontHinting(t->face[f], TTF_HINTING_LIGHT);
	}
	return t;

err_free:
	text_free(t);
	return NULL;
}

void text_free(struct text *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->n_cache; i++) {
		SDL_DestroyTexture(t->cache[i].tex);
		free(t->cache[i].s);
	}
	for (int f = TEXT_FACE_COUNT - 1; f >= 0; f--) {
		bool shared = false;

		for (int g = 0; g < f; g++)
			shared = shared || t->face[g] == t->face[f];
		if (!shared && t->face[f])
			TTF_CloseFont(t->face[f]);
	}
	free(t);
}

static int text_face_for(enum lang l)
{
	if (l == LANG_KO)
		return TEXT_FACE_KR;
	if (l == LANG_ZH_HANS)
		return TEXT_FACE_SC;
	return TEXT_FACE_JP;
}

static TTF_Font *text_font_at(struct text *t, int face, int px)
{
	if (t->face_px[face] != px) {
		TTF_SetFontSize(t->face[face], px);
		for (int f = 0; f < TEXT_FACE_COUNT; f++) {
			if (t->face[f] == t->face[face])
				t->face_px[f] = px;
		}
	}
	return t->face[face];
}

int text_width(struct text *t, const char *s, enum lang l, int px)
{
	int w = 0, h = 0;

	if (!s[0] || px < 1)
		return 0;
	TTF_SizeUTF8(text_font_at(t, text_face_for(l), px), s, &w, &h);
	return w;
}

size_t text_fit_line(struct text *t, const char *s, enum lang l, int px, int max_w, size_t *next)
{
	char line[1024];
	size_t cut[sizeof(line)], n = strlen(s), end;
	int k = 0, lo = 0, hi;

	/* Character boundaries, then the longest prefix that fits: a binary search. */
	for (size_t i = 1; i <= n && i < sizeof(line); i++) {
		if (i == n || ((unsigned char)s[i] & 0xc0) != 0x80)
			cut[++k] = i;
	}
	cut[0] = 0;
	hi = k;
	while (lo < hi) {
		int mid = lo + (hi - lo + 1) / 2;

		memcpy(line, s, cut[mid]);
		line[cut[mid]] = '\0';
		if (text_width(t, line, l, px) <= max_w)
			lo = mid;
		else
			hi = mid - 1;
	}
	end = cut[lo > 0 || k == 0 ? lo : 1]; /* at least one character */
	if (end < n && s[end] != ' ') {
		size_t sp = end;

		while (sp > 0 && s[sp - 1] != ' ')
			sp--;
		/* A space far back (Japanese with a quoted name): break mid-line instead. */
		if (sp > 1 && sp > end / 3)
			end = sp - 1;
	}
	*next = end;
	while (*next < n && s[*next] == ' ')
		(*next)++;
	while (end > 0 && s[end - 1] == ' ')
		end--;
	return end;
}

static uint64_t text_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/*
 * Trims the fully transparent margins of @s (ARGB8888, as SDL_ttf renders
 * blended text): less to blend on every frame. Return: the trimmed copy
 * (@s freed) with its offset in *@dx, *@dy, or @s itself.
 */
static SDL_Surface *text_trim(SDL_Surface *s, int *dx, int *dy)
{
	int x0 = s->w, x1 = -1, y0 = s->h, y1 = -1;
	SDL_Surface *t;

	*dx = *dy = 0;
	if (s->format->format != SDL_PIXELFORMAT_ARGB8888 || SDL_LockSurface(s) < 0)
		return s;
	for (int y = 0; y < s->h; y++) {
		const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);

		for (int x = 0; x < s->w; x++) {
			if (row[x] >> 24) {
				x0 = x < x0 ? x : x0;
				x1 = x > x1 ? x : x1;
				y0 = y < y0 ? y : y0;
				y1 = y;
			}
		}
	}
	SDL_UnlockSurface(s);
	if (x1 < 0 || (x0 == 0 && y0 == 0 && x1 == s->w - 1 && y1 == s->h - 1))
		return s;
	t = SDL_CreateRGBSurfaceWithFormat(0, x1 - x0 + 1, y1 - y0 + 1, 32,
					   SDL_PIXELFORMAT_ARGB8888);
	if (!t)
		return s;
	SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_NONE);
	SDL_BlitSurface(s, &(SDL_Rect){ x0, y0, x1 - x0 + 1, y1 - y0 + 1 }, t, NULL);
	SDL_FreeSurface(s);
	*dx = x0;
	*dy = y0;
	return t;
}

static void text_entry_clear(struct text_entry *e)
{
	SDL_DestroyTexture(e->tex);
	free(e->s);
	memset(e, 0, sizeof(*e));
}

/* The fitted texture of @s, from the cache or newly rasterised. */
static uint32_t text_rgba(SDL_Color c)
{
	return (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a;
}

/*
 * @s rendered with @color: blended (ARGB, for any ground), or, when @ground
 * is opaque, antialiased onto @ground and opaque. Both trimmed of margins
 * that hold no ink.
 */
static SDL_Surface *text_rasterise(TTF_Font *font, const char *s, SDL_Color color, SDL_Color ground,
				   int *dx, int *dy)
{
	SDL_Surface *blended = TTF_RenderUTF8_Blended(font, s, color), *flat;

	if (!blended)
		return NULL;
	blended = text_trim(blended, dx, dy);
	if (ground.a != 0xff)
		return blended;
	/* Compose onto the ground here, once, rather than on every frame. */
	flat = SDL_CreateRGBSurfaceWithFormat(0, blended->w, blended->h, 32,
					      SDL_PIXELFORMAT_RGB888);
	if (!flat)
		return blended;
	SDL_FillRect(flat, NULL, SDL_MapRGB(flat->format, ground.r, ground.g, ground.b));
	SDL_SetSurfaceBlendMode(blended, SDL_BLENDMODE_BLEND);
	SDL_BlitSurface(blended, NULL, flat, NULL);
	SDL_FreeSurface(blended);
	return flat;
}

static struct text_entry *text_get(struct text *t, const char *s, int face, int px, int max_w,
				   int max_h, SDL_Color color, SDL_Color ground)
{
	uint32_t c = text_rgba(color), g = text_rgba(ground);
	uint64_t h = text_hash(s);
	struct text_entry *e = NULL;
	SDL_Surface *surf;
	TTF_Font *font;
	int em = px, w = 0, hh = 0, dx, dy;

	for (int i = 0; i < t->n_cache; i++) {
		e = &t->cache[i];
		if (e->hash == h && e->face == face && e->px == px && e->max_w == max_w &&
		    e->max_h == max_h && e->color == c && e->ground == g && strcmp(e->s, s) == 0) {
			e->used = t->frame;
			return e;
		}
	}
	/* Shrink until it fits: never cut. */
	if (em > max_h)
		em = max_h;
	if (em < 1)
		em = 1;
	for (int tries = 0; tries < 8; tries++) {
		TTF_SizeUTF8(text_font_at(t, face, em), s, &w, &hh);
		if (w <= max_w || em <= 4)
			break;
		int next = (int)((long)em * max_w / (w > 0 ? w : 1));
		em = next < em ? next : em - 1;
		if (em < 4)
			em = 4;
	}
	font = text_font_at(t, face, em);
	surf = text_rasterise(font, s, color, ground, &dx, &dy);
	if (!surf)
		return NULL;
	if (t->n_cache < TEXT_CACHE_MAX) {
		e = &t->cache[t->n_cache++];
	} else {
		e = &t->cache[0];
		for (int i = 1; i < t->n_cache; i++) {
			if (t->cache[i].used < e->used)
				e = &t->cache[i];
		}
		text_entry_clear(e);
	}
	e->s = strdup(s);
	e->tex = SDL_CreateTextureFromSurface(t->r, surf);
	if (e->tex)
		SDL_SetTextureBlendMode(e->tex, ground.a == 0xff ? SDL_BLENDMODE_NONE
								 : SDL_BLENDMODE_BLEND);
	e->w = surf->w;
	e->h = surf->h;
	SDL_FreeSurface(surf);
	if (!e->s || !e->tex) {
		text_entry_clear(e);
		return NULL;
	}
	e->hash = h;
	e->face = face;
	e->px = px;
	e->max_w = max_w;
	e->max_h = max_h;
	e->color = c;
	e->ground = g;
	e->em = em;
	e->dx = dx;
	e->dy = dy;
	e->full_w = w;
	e->ascent = TTF_FontAscent(font);
	e->used = t->frame;
	t->rasterised++;
	return e;
}

int text_draw(struct text *t, const char *s, enum lang l, int px, SDL_Color color, SDL_Color ground,
	      SDL_Rect box, enum text_align align)
{
	struct text_entry *e;
	SDL_Rect dst;

	if (!s[0] || box.w < 1 || box.h < 1)
		return 0;
	e = text_get(t, s, text_face_for(l), px, box.w, box.h, color, ground);
	if (!e)
		return 0;
	/* Centre the em box (0.88 em above the baseline, 0.12 below) in @box. */
	dst.w = e->w;
	dst.h = e->h;
	dst.y = box.y + (box.h - e->em) / 2 - (e->ascent - e->em * 88 / 100) + e->dy;
	if (align == TEXT_CENTER)
		dst.x = box.x + (box.w - e->full_w) / 2;
	else if (align == TEXT_RIGHT)
		dst.x = box.x + box.w - e->full_w;
	else
		dst.x = box.x;
	dst.x += e->dx;
	SDL_RenderCopy(t->r, e->tex, NULL, &dst);
	return e->full_w;
}

void text_frame_end(struct text *t)
{
	t->frame++;
}

unsigned long text_rasterised(const struct text *t)
{
	return t->rasterised;
}
