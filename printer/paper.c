/* SPDX-License-Identifier: MIT */
#include "printer/paper.h"

#include <SDL.h>
#include <qrencode.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"
#include "display/pngio.h"
#include "display/text.h"

static const SDL_Color PAPER_INK = { 0, 0, 0, 0xff };
static const SDL_Color PAPER_WHITE = { 0xff, 0xff, 0xff, 0xff };

struct paper {
	int dots;
	int margin;
	SDL_Surface *surf;
	SDL_Renderer *r;
	struct text *text;
	struct locale *const *loc;
	uint8_t *bits; /* dots / 8 bytes a row, PAPER_MAX_ROWS rows */
	int rows; /* of the last image */
	int y; /* where the next line goes */
};

struct paper *paper_new(int dots, const char *font, struct locale *const *loc)
{
	struct paper *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->dots = dots;
	p->margin = dots / 48;
	p->loc = loc;
	p->bits = calloc((size_t)PAPER_MAX_ROWS, (size_t)dots / 8);
	p->surf = SDL_CreateRGBSurfaceWithFormat(0, dots, PAPER_MAX_ROWS, 32,
						 SDL_PIXELFORMAT_ARGB8888);
	if (!p->bits || !p->surf) {
		fprintf(stderr, "machiai-printer: out of memory\n");
		goto err_free;
	}
	p->r = SDL_CreateSoftwareRenderer(p->surf);
	if (!p->r) {
		fprintf(stderr, "machiai-printer: renderer: %s\n", SDL_GetError());
		goto err_free;
	}
	p->text = text_new(p->r, font);
	if (!p->text)
		goto err_free;
	return p;

err_free:
	paper_free(p);
	return NULL;
}

void paper_free(struct paper *p)
{
	if (!p)
		return;
	text_free(p->text);
	if (p->r)
		SDL_DestroyRenderer(p->r);
	SDL_FreeSurface(p->surf);
	free(p->bits);
	free(p);
}

/* The locale of @l, or Japanese when that language is not loaded. */
static const struct locale *paper_loc(const struct paper *p, enum lang l)
{
	return p->loc[l] ? p->loc[l] : p->loc[LANG_JA];
}

/* One line of @s at @px, advancing the cursor; shrunk when it does not fit. */
static void paper_line(struct paper *p, const char *s, enum lang l, int px, enum text_align a)
{
	SDL_Rect box = { p->margin, p->y, p->dots - 2 * p->margin, px * 5 / 4 };

	if (!s[0] || p->y + box.h > PAPER_MAX_ROWS)
		return;
	text_draw(p->text, s, l, px, PAPER_INK, PAPER_WHITE, box, a);
	p->y += box.h;
}

/* @s over as many lines as it takes at @px. */
static void paper_wrapped(struct paper *p, const char *s, enum lang l, int px, enum text_align a)
{
	char line[512];
	size_t next, n;

	while (*s) {
		n = text_fit_line(p->text, s, l, px, p->dots - 2 * p->margin, &next);
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, s, n);
		line[n] = '\0';
		paper_line(p, line, l, px, a);
		s += next;
	}
}

static void paper_rule(struct paper *p, int thick)
{
	SDL_Rect r = { p->margin, p->y + thick, p->dots - 2 * p->margin, thick };

	SDL_SetRenderDrawColor(p->r, 0, 0, 0, 0xff);
	SDL_RenderFillRect(p->r, &r);
	p->y += 3 * thick;
}

/* The wait in words of language @l, as the sign says it. */
static void paper_wait_text(const struct paper *p, const struct job *j, enum lang l, char *out,
			    size_t size)
{
	static const char *const names[] = { "low", "high", "min", "wait", "n" };
	const struct locale *loc = paper_loc(p, l);
	char low[16], high[16], band[LOCALE_TEXT_MAX];
	const char *values[] = { low, high, low, band, "" };

	snprintf(low, sizeof(low), "%d", j->wait_low);
	snprintf(high, sizeof(high), "%d", j->wait_high);
	if (j->wait_low < 0)
		snprintf(band, sizeof(band), "%s", loc->text[LOC_WAIT_UNKNOWN]);
	else if (j->soon)
		snprintf(band, sizeof(band), "%s", loc->text[LOC_WAIT_SOON]);
	else if (j->wait_low == j->wait_high)
		locale_format(loc->text[LOC_WAIT_ABOUT], band, sizeof(band), names, values, 3);
	else
		locale_format(loc->text[LOC_WAIT_BAND], band, sizeof(band), names, values, 2);
	locale_format(loc->text[LOC_TICKET_WAIT], out, size, names, values, 4);
}

static void paper_format1(const struct locale *loc, enum locale_key k, const char *name,
			  const char *value, char *out, size_t size)
{
	const char *const names[] = { name };
	const char *const values[] = { value };

	locale_format(loc->text[k], out, size, names, values, 1);
}

/* "11月23日(月) 10:15 発券" in language @l. */
static void paper_issued_text(const struct paper *p, const struct job *j, enum lang l, char *out,
			      size_t size)
{
	static const char *const names[] = { "month", "month_name", "day", "weekday" };
	const struct locale *loc = paper_loc(p, l);
	char month[8], day[8], when[LOCALE_TEXT_MAX], date[LOCALE_TEXT_MAX];
	int m = (int)(j->day / 100 % 100), wd = civil_weekday(j->day);
	const char *values[] = { month, m >= 1 && m <= 12 ? loc->months[m - 1] : "", day,
				 loc->weekdays[wd >= 0 && wd < 7 ? wd : 0] };

	snprintf(month, sizeof(month), "%d", m);
	snprintf(day, sizeof(day), "%d", (int)(j->day % 100));
	locale_format(loc->text[LOC_SHORT_DATE], date, sizeof(date), names, values, 4);
	snprintf(when, sizeof(when), "%.200s %02d:%02d", date, j->minute_of_day / 60 % 100,
		 j->minute_of_day % 60);
	paper_format1(loc, LOC_TICKET_ISSUED, "time", when, out, size);
}

/* The ticket number, as large as the paper's width allows. */
static void paper_number(struct paper *p, const char *label)
{
	int avail = p->dots - 2 * p->margin, px = p->dots * 2 / 5;
	int w = text_width(p->text, label, LANG_JA, px);
	SDL_Rect box;

	if (w > avail)
		px = px * avail / w;
	box = (SDL_Rect){ p->margin, p->y, avail, px * 11 / 10 };
	text_draw(p->text, label, LANG_JA, px, PAPER_INK, PAPER_WHITE, box, TEXT_CENTER);
	p->y += box.h;
}

static void paper_qr(struct paper *p, const char *url)
{
	QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int scale, x0;

	if (!q)
		return;
	scale = p->dots * 2 / 5 / (q->width + 4);
	scale = scale < 2 ? 2 : scale > 8 ? 8 : scale;
	x0 = (p->dots - q->width * scale) / 2;
	p->y += 3 * scale; /* with the space around it, the quiet zone a reader needs */
	SDL_SetRenderDrawColor(p->r, 0, 0, 0, 0xff);
	for (int y = 0; y < q->width && p->y + (y + 1) * scale < PAPER_MAX_ROWS; y++) {
		for (int x = 0; x < q->width; x++) {
			SDL_Rect m = { x0 + x * scale, p->y + y * scale, scale, scale };

			if (q->data[y * q->width + x] & 1)
				SDL_RenderFillRect(p->r, &m);
		}
	}
	p->y += q->width * scale + 3 * scale;
	QRcode_free(q);
}

/* The surface's pixels as 1-bit rows: dark is ink. */
static void paper_threshold(struct paper *p)
{
	int row = p->dots / 8;

	memset(p->bits, 0, (size_t)row * (size_t)p->rows);
	for (int y = 0; y < p->rows; y++) {
		const Uint32 *px = (const Uint32 *)((const Uint8 *)p->surf->pixels +
						    (size_t)y * (size_t)p->surf->pitch);

		for (int x = 0; x < p->dots; x++) {
			Uint32 c = px[x];
			int lum = (int)(((c >> 16) & 0xff) * 299 + ((c >> 8) & 0xff) * 587 +
					(c & 0xff) * 114) /
				  1000;

			if (lum < 128)
				p->bits[y * row + x / 8] |= (uint8_t)(0x80 >> (x % 8));
		}
	}
}

const uint8_t *paper_draw(struct paper *p, const struct job *j, const struct paper_look *look,
			  int *rows)
{
	const int w = p->dots;
	const enum lang l2 = j->lang != LANG_JA && p->loc[j->lang] ? j->lang : LANG_JA;
	const struct locale *ja = paper_loc(p, LANG_JA), *loc2 = paper_loc(p, l2);
	char text[2 * LOCALE_TEXT_MAX], n[16], hhmm[8];

	SDL_SetRenderDrawColor(p->r, 0xff, 0xff, 0xff, 0xff);
	SDL_RenderClear(p->r);
	p->y = w / 40;
	if (look->logo && look->logo[0])
		paper_line(p, look->logo, LANG_JA, w / 10, TEXT_CENTER);
	paper_line(p, j->office[LANG_JA], LANG_JA, w / 18, TEXT_CENTER);
	paper_rule(p, 3);

	paper_line(p, j->category[LANG_JA], LANG_JA, w / 11, TEXT_CENTER);
	if (l2 != LANG_JA && j->category[l2][0])
		paper_line(p, j->category[l2], l2, w / 16, TEXT_CENTER);
	paper_number(p, j->ticket);
	paper_issued_text(p, j, LANG_JA, text, sizeof(text));
	paper_line(p, text, LANG_JA, w / 20, TEXT_CENTER);
	paper_rule(p, 2);

	snprintf(n, sizeof(n), "%d", j->waiting_before);
	paper_format1(ja, LOC_TICKET_WAITING, "n", n, text, sizeof(text));
	paper_line(p, text, LANG_JA, w / 13, TEXT_CENTER);
	paper_wait_text(p, j, LANG_JA, text, sizeof(text));
	paper_line(p, text, LANG_JA, w / 13, TEXT_CENTER);
	if (l2 != LANG_JA) {
		paper_format1(loc2, LOC_TICKET_WAITING, "n", n, text, sizeof(text));
		paper_line(p, text, l2, w / 22, TEXT_CENTER);
		paper_wait_text(p, j, l2, text, sizeof(text));
		paper_line(p, text, l2, w / 22, TEXT_CENTER);
	}
	if (j->away_until >= 0) {
		snprintf(hhmm, sizeof(hhmm), "%02d:%02d", j->away_until / 60 % 100,
			 j->away_until % 60);
		paper_rule(p, 2);
		paper_format1(ja, LOC_TICKET_AWAY, "time", hhmm, text, sizeof(text));
		paper_wrapped(p, text, LANG_JA, w / 17, TEXT_LEFT);
		if (l2 != LANG_JA) {
			paper_format1(loc2, LOC_TICKET_AWAY, "time", hhmm, text, sizeof(text));
			paper_wrapped(p, text, l2, w / 24, TEXT_LEFT);
		}
	}
	if (j->qr[0]) {
		paper_rule(p, 2);
		paper_qr(p, j->qr);
		paper_line(p, ja->text[LOC_TICKET_QR], LANG_JA, w / 22, TEXT_CENTER);
		if (l2 != LANG_JA)
			paper_line(p, loc2->text[LOC_TICKET_QR], l2, w / 26, TEXT_CENTER);
	}
	if (look->footer && look->footer[LANG_JA][0]) {
		paper_rule(p, 2);
		paper_wrapped(p, look->footer[LANG_JA], LANG_JA, w / 22, TEXT_CENTER);
		if (l2 != LANG_JA && look->footer[l2][0])
			paper_wrapped(p, look->footer[l2], l2, w / 26, TEXT_CENTER);
	}
	p->rows = p->y + w / 24 < PAPER_MAX_ROWS ? p->y + w / 24 : PAPER_MAX_ROWS;
	SDL_RenderPresent(p->r);
	text_frame_end(p->text);
	paper_threshold(p);
	*rows = p->rows;
	return p->bits;
}

int paper_write_png(const struct paper *p, const char *path)
{
	int row = p->dots / 8;
	uint8_t *rgba = malloc((size_t)p->dots * 4 * (size_t)(p->rows ? p->rows : 1));
	int rc;

	if (!rgba) {
		fprintf(stderr, "machiai-printer: out of memory\n");
		return -1;
	}
	for (int y = 0; y < p->rows; y++) {
		for (int x = 0; x < p->dots; x++) {
			bool ink = p->bits[y * row + x / 8] & (0x80 >> (x % 8));
			uint8_t *px = rgba + ((size_t)y * (size_t)p->dots + (size_t)x) * 4;

			px[0] = px[1] = px[2] = ink ? 0 : 0xff;
			px[3] = 0xff;
		}
	}
	rc = pngio_write(path, p->dots, p->rows, rgba, p->dots * 4);
	free(rgba);
	return rc;
}
