/* SPDX-License-Identifier: MIT */
#include "display/render.h"

#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"
#include "core/wareki.h"
#include "display/text.h"

/* High contrast on a dark ground; level colours from the Okabe-Ito palette. */
static const SDL_Color C_BG = { 0x08, 0x12, 0x24, 0xff };
static const SDL_Color C_PANEL = { 0x14, 0x24, 0x3e, 0xff };
static const SDL_Color C_PANEL_HI = { 0x1f, 0x3a, 0x63, 0xff };
static const SDL_Color C_EDGE = { 0x3a, 0x55, 0x80, 0xff };
static const SDL_Color C_TEXT = { 0xff, 0xff, 0xff, 0xff };
static const SDL_Color C_TEXT2 = { 0xc8, 0xd6, 0xea, 0xff };
static const SDL_Color C_NUMBER = { 0xff, 0xd8, 0x3a, 0xff };
static const SDL_Color C_DIM = { 0x7a, 0x88, 0x9c, 0xff };
static const SDL_Color C_BLACK = { 0x00, 0x00, 0x00, 0xff };
static const SDL_Color C_INK = { 0x0a, 0x0a, 0x0a, 0xff };
static const SDL_Color C_WHITE = { 0xff, 0xff, 0xff, 0xff };
static const SDL_Color C_WARN = { 0xe6, 0x9f, 0x00, 0xff };
static const SDL_Color C_LEVEL[4] = {
	{ 0x56, 0xb4, 0xe9, 0xff }, /* low: sky blue */
	{ 0xf0, 0xe4, 0x42, 0xff }, /* moderate: yellow */
	{ 0xe6, 0x9f, 0x00, 0xff }, /* high: orange */
	{ 0xcc, 0x79, 0xa7, 0xff }, /* very high: reddish purple */
};

struct render {
	SDL_Renderer *r;
	struct text *text;
	SDL_Texture *canvas;
	int canvas_w, canvas_h;
	SDL_Texture *turned; /* software renderers: the canvas turned by the CPU */
	Uint32 *pix, *pix_turned;
	bool software;
	SDL_Texture *qr;
	int qr_modules;
	char qr_url[STATUS_URL_MAX];
	/* The error screen's text size and errors shown, for this gen and canvas. */
	int64_t err_gen;
	int err_w, err_h, err_px, err_shown;
	int second_px; /* the smallest second-language text of the last frame drawn */
};

/* Per-frame drawing state. */
struct frame {
	struct render *rd;
	const struct render_view *v;
	const struct locale *ja, *l2; /* l2 NULL when no second language */
	enum lang second;
	int offset_min;
	/*
	 * The uniform colour under the text being drawn: text is then drawn
	 * opaque on it, a plain copy instead of blending every pixel. Alpha 0
	 * when unknown: text is blended.
	 */
	SDL_Color ground;
	SDL_Rect banner; /* where the stale banner goes; h = 0 when live */
};

static void render_canvas_free(struct render *rd);

struct render *render_new(SDL_Renderer *r, const char *font_file)
{
	struct render *rd = calloc(1, sizeof(*rd));

	if (!rd)
		return NULL;
	rd->r = r;
	rd->err_gen = -1;
	{
		SDL_RendererInfo info;

		rd->software =
			SDL_GetRendererInfo(r, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE);
	}
	rd->text = text_new(r, font_file);
	if (!rd->text) {
		free(rd);
		return NULL;
	}
	return rd;
}

void render_free(struct render *rd)
{
	if (!rd)
		return;
	text_free(rd->text);
	render_canvas_free(rd);
	if (rd->qr)
		SDL_DestroyTexture(rd->qr);
	free(rd);
}

unsigned long render_rasterised(const struct render *rd)
{
	return text_rasterised(rd->text);
}

int render_second_px(const struct render *rd)
{
	return rd->second_px;
}

static SDL_Rect rect_sub(SDL_Rect b, double x, double y, double w, double h)
{
	SDL_Rect s = { b.x + (int)(b.w * x), b.y + (int)(b.h * y), (int)(b.w * w), (int)(b.h * h) };
	return s;
}

static SDL_Rect rect_inset(SDL_Rect b, int m)
{
	SDL_Rect s = { b.x + m, b.y + m, b.w - 2 * m, b.h - 2 * m };
	return s;
}

static void fill(struct frame *f, SDL_Rect b, SDL_Color c)
{
	/* Opaque fills need no blending: much faster in the software renderer. */
	SDL_SetRenderDrawBlendMode(f->rd->r,
				   c.a == 0xff ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
	SDL_SetRenderDrawColor(f->rd->r, c.r, c.g, c.b, c.a);
	SDL_RenderFillRect(f->rd->r, &b);
}

/* A panel with a border of @e pixels: four edges and the inside, no overdraw. */
static void panel(struct frame *f, SDL_Rect b, SDL_Color bg, SDL_Color edge, int e)
{
	fill(f, (SDL_Rect){ b.x, b.y, b.w, e }, edge);
	fill(f, (SDL_Rect){ b.x, b.y + b.h - e, b.w, e }, edge);
	fill(f, (SDL_Rect){ b.x, b.y + e, e, b.h - 2 * e }, edge);
	fill(f, (SDL_Rect){ b.x + b.w - e, b.y + e, e, b.h - 2 * e }, edge);
	fill(f, rect_inset(b, e), bg);
	f->ground = bg;
}

/* @a, @b and @c joined into @out (@size bytes), cut at a UTF-8 boundary when too long. */
static void join3(char *out, size_t size, const char *a, const char *b, const char *c)
{
	static const char *const names[] = { "a", "b", "c" };
	const char *values[] = { a, b, c };

	locale_format("{a}{b}{c}", out, size, names, values, 3);
}

static int draw(struct frame *f, const char *s, enum lang l, SDL_Color c, SDL_Rect box,
		enum text_align a)
{
	if (f->l2 && l == f->second && s[0] && box.h > 0 &&
	    (f->rd->second_px == 0 || box.h < f->rd->second_px))
		f->rd->second_px = box.h;
	return text_draw(f->rd->text, s, l, box.h, c, f->ground, box, a);
}

/* Text of key @k in the second language, or "" when there is none. */
static const char *t2(struct frame *f, enum locale_key k)
{
	return f->l2 ? f->l2->text[k] : "";
}

/* A name in the second language, "" when absent or when there is none. */
static const char *n2(struct frame *f, const char (*t)[STATUS_NAME_MAX])
{
	return f->l2 ? t[f->second] : "";
}

static bool stale(struct frame *f)
{
	return f->v->stale;
}

static void fmt_people(const struct locale *loc, int n, char *out, size_t size)
{
	static const char *const names[] = { "n" };
	char num[16];
	const char *values[] = { num };

	snprintf(num, sizeof(num), "%d", n);
	locale_format(loc->text[LOC_PEOPLE], out, size, names, values, 1);
}

static void fmt_wait(const struct locale *loc, const struct status_category *c, char *out,
		     size_t size)
{
	static const char *const names[] = { "low", "high", "min" };
	char lo[16], hi[16];
	const char *values[] = { lo, hi, lo };

	if (c->soon) {
		snprintf(out, size, "%s", loc->text[LOC_WAIT_SOON]);
		return;
	}
	if (c->wait_low < 0 || c->wait_high < 0) {
		snprintf(out, size, "%s", loc->text[LOC_WAIT_UNKNOWN]);
		return;
	}
	snprintf(lo, sizeof(lo), "%d", c->wait_low);
	snprintf(hi, sizeof(hi), "%d", c->wait_high);
	locale_format(loc->text[c->wait_low == c->wait_high ? LOC_WAIT_ABOUT : LOC_WAIT_BAND], out,
		      size, names, values, 3);
}

static void fmt_please_go(const struct locale *loc, const char *window, char *out, size_t size)
{
	static const char *const names[] = { "window" };
	const char *values[] = { window };

	locale_format(loc->text[LOC_PLEASE_GO], out, size, names, values, 1);
}

/* "11月24日(火)" / "Tue 24 Nov" for local date @yyyymmdd. */
static void fmt_short_date(const struct locale *loc, int32_t ymd, char *out, size_t size)
{
	static const char *const names[] = { "month", "month_name", "day", "weekday" };
	char m[8], d[8];
	int month, wd;
	const char *values[4];

	/* status_parse() checked the date; the tables are indexed only with a real one. */
	if (!civil_date_valid(ymd)) {
		out[0] = '\0';
		return;
	}
	month = ymd / 100 % 100;
	wd = civil_weekday(ymd);
	values[0] = m;
	values[1] = loc->months[month - 1];
	values[2] = d;
	values[3] = loc->weekdays[wd];
	snprintf(m, sizeof(m), "%d", month);
	snprintf(d, sizeof(d), "%d", ymd % 100);
	locale_format(loc->text[LOC_SHORT_DATE], out, size, names, values, 4);
}

/* "令和8年11月23日(月)" for local date @c. */
static void fmt_date(const struct locale *loc, const struct civil *c, char *out, size_t size)
{
	static const char *const names[] = { "year",	"month", "month_name", "day",
					     "weekday", "era",	 "eyear" };
	char y[8], m[8], d[8], ey[16];
	enum wareki_era era = WAREKI_REIWA;
	int eyear = 0;
	const char *values[] = { y,  m, loc->months[c->month - 1], d, loc->weekdays[c->weekday],
				 "", ey };

	if (wareki_from_date(c->yyyymmdd, &era, &eyear) == 0) {
		values[5] = loc->eras[era];
		snprintf(ey, sizeof(ey), "%d", eyear);
		if (eyear == 1)
			values[6] = loc->text[LOC_ERA_FIRST_YEAR];
	} else {
		ey[0] = '\0';
	}
	snprintf(y, sizeof(y), "%d", c->year);
	snprintf(m, sizeof(m), "%d", c->month);
	snprintf(d, sizeof(d), "%d", c->day);
	locale_format(loc->text[LOC_DATE], out, size, names, values, 7);
}

static void draw_header(struct frame *f, SDL_Rect b)
{
	const struct status *st = f->v->st;
	char date[128], clock[16];
	struct civil c;
	SDL_Rect name, name2, clk, d1, d2;
	int pad = b.h / 10;

	fill(f, b, C_PANEL);
	fill(f, (SDL_Rect){ b.x, b.y + b.h - pad / 2, b.w, pad / 2 }, C_EDGE);
	f->ground = C_PANEL;
	if (st && st->clock_unset) {
		/* No time server reached and no real-time clock: no date rather than a wrong one. */
		d1 = rect_sub(b, 0.50, 0.10, 0.485, 0.46);
		d2 = rect_sub(b, 0.50, 0.60, 0.485, LAYOUT_HEADER_L2);
		draw(f, f->ja->text[LOC_CLOCK_UNSET], LANG_JA, C_WARN, d1, TEXT_RIGHT);
		if (f->l2)
			draw(f, t2(f, LOC_CLOCK_UNSET), f->second, C_WARN, d2, TEXT_RIGHT);
	} else {
		civil_from_ms(f->v->now_ms, f->offset_min, &c);
		snprintf(clock, sizeof(clock), "%d:%02d", c.hour, c.minute);
		clk = rect_sub(b, 0.80, 0.08, 0.185, 0.84);
		draw(f, clock, LANG_JA, C_TEXT, clk, TEXT_RIGHT);
		fmt_date(f->ja, &c, date, sizeof(date));
		d1 = rect_sub(b, 0.50, 0.14, 0.29, 0.40);
		d2 = rect_sub(b, 0.50, 0.60, 0.29, LAYOUT_HEADER_L2);
		draw(f, date, LANG_JA, C_TEXT, d1, TEXT_RIGHT);
		if (f->l2) {
			fmt_short_date(f->l2, c.yyyymmdd, date, sizeof(date));
			draw(f, date, f->second, C_TEXT2, d2, TEXT_RIGHT);
		}
	}
	if (!st)
		return;
	name = rect_sub(b, 0.02, 0.12, 0.46, 0.46);
	name2 = rect_sub(b, 0.02, 0.62, 0.46, LAYOUT_HEADER_L2);
	draw(f, st->office.t[LANG_JA], LANG_JA, C_TEXT, name, TEXT_LEFT);
	draw(f, n2(f, st->office.t), f->second, C_TEXT2, name2, TEXT_LEFT);
}

/* A title strip: Japanese, then the second language after it. */
static void draw_title(struct frame *f, SDL_Rect b, enum locale_key k)
{
	SDL_Rect t = rect_sub(b, 0.0, 0.1, 1.0, 0.8);
	int w;

	f->ground = C_BG;
	t.x += b.h / 4;
	t.w = (b.w - b.h / 4) * 68 / 100; /* leave the second language room */
	w = draw(f, f->ja->text[k], LANG_JA, C_TEXT, t, TEXT_LEFT);
	if (f->l2) {
		SDL_Rect t2r = rect_sub(b, 0.0, 0.22, 1.0, LAYOUT_TITLE_L2);

		t2r.x = t.x + w + b.h / 2;
		t2r.w = b.x + b.w - t2r.x - b.h / 4;
		draw(f, t2(f, k), f->second, C_TEXT2, t2r, TEXT_LEFT);
	}
}

static void draw_window_card(struct frame *f, SDL_Rect b, const struct status_window *w,
			     bool newest)
{
	int e = b.h / 40 > 2 ? b.h / 40 : 2;
	SDL_Rect in = rect_inset(b, e * 2);
	SDL_Color num = w->serving ? C_TEXT : C_NUMBER;

	int num_h, lab_h, lab2_h, top;

	panel(f, b, newest ? C_PANEL_HI : C_PANEL, newest && !stale(f) ? C_NUMBER : C_EDGE, e);
	/* The number is the largest thing on the card, whatever its shape. */
	num_h = in.h * 52 / 100 < in.w * 36 / 100 ? in.h * 52 / 100 : in.w * 36 / 100;
	lab_h = num_h * 46 / 100;
	lab2_h = num_h * LAYOUT_CARD_L2_PCT / 100;
	top = in.y + (in.h - (lab_h + lab2_h + num_h + num_h / 6)) / 2;
	draw(f, w->label.t[LANG_JA], LANG_JA, C_TEXT,
	     (SDL_Rect){ in.x + in.w / 30, top, in.w - in.w / 15, lab_h }, TEXT_CENTER);
	draw(f, n2(f, w->label.t), f->second, C_TEXT2,
	     (SDL_Rect){ in.x + in.w / 30, top + lab_h + num_h / 24, in.w - in.w / 15, lab2_h },
	     TEXT_CENTER);
	if (stale(f))
		num = C_DIM;
	top += lab_h + lab2_h + num_h / 6;
	if (w->ticket[0])
		draw(f, w->ticket, LANG_JA, num,
		     (SDL_Rect){ in.x + in.w / 30, top, in.w - in.w / 15, num_h }, TEXT_CENTER);
	else
		draw(f, f->ja->text[LOC_WINDOW_FREE], LANG_JA, C_DIM,
		     (SDL_Rect){ in.x + in.w / 30, top + num_h / 8, in.w - in.w / 15,
				 num_h * 3 / 4 },
		     TEXT_CENTER);
}

static void draw_flash(struct frame *f, SDL_Rect b)
{
	const struct status *st = f->v->st;
	const struct status_call *call = &st->calls[f->v->flash_call];
	int wi = status_window_find(st, call->window);
	const char *label = wi >= 0 ? st->windows[wi].label.t[LANG_JA] : call->window;
	SDL_Color bg = f->v->flash_on ? C_NUMBER : C_BLACK;
	SDL_Color fg = f->v->flash_on ? C_INK : C_NUMBER;
	SDL_Color fg2 = f->v->flash_on ? C_INK : C_WHITE;
	char text[STATUS_TEXT_MAX];
	int e = b.h / 60 > 3 ? b.h / 60 : 3;

	panel(f, b, bg, C_NUMBER, e);
	b = rect_inset(b, e * 3);
	draw(f, f->ja->text[call->recall ? LOC_RECALL : LOC_NOW_CALLING], LANG_JA, fg2,
	     rect_sub(b, 0.02, 0.0, 0.96, 0.15), TEXT_CENTER);
	draw(f, call->ticket, LANG_JA, fg, rect_sub(b, 0.02, 0.15, 0.96, 0.50), TEXT_CENTER);
	fmt_please_go(f->ja, label, text, sizeof(text));
	draw(f, text, LANG_JA, fg2, rect_sub(b, 0.02, 0.68, 0.96, 0.17), TEXT_CENTER);
	if (f->l2) {
		const char *label2 = wi >= 0 && st->windows[wi].label.t[f->second][0]
					     ? st->windows[wi].label.t[f->second]
					     : label;

		fmt_please_go(f->l2, label2, text, sizeof(text));
		draw(f, text, f->second, fg2, rect_sub(b, 0.02, 0.87, 0.96, 0.12), TEXT_CENTER);
	}
}

/* The newest call's seq per window, to mark the window called last. */
static bool window_is_newest(const struct status *st, const struct status_window *w)
{
	return st->n_calls > 0 && strcmp(st->calls[0].window, w->id) == 0 &&
	       strcmp(st->calls[0].ticket, w->ticket) == 0;
}

static void draw_windows(struct frame *f, SDL_Rect b, const struct layout_box *box)
{
	const struct status *st = f->v->st;
	const struct status_window *open[STATUS_MAX_WINDOWS];
	int n = 0, cols, rows, gap = b.h / 60;
	/* The stale banner takes the title's place. */
	bool banner = f->banner.h && f->banner.y == b.y;
	double th = banner ? 0.22 : LAYOUT_TITLE, lh = banner ? 0.77 : LAYOUT_LIST;
	SDL_Rect title = rect_sub(b, 0, 0, 1, th), grid = rect_sub(b, 0, th + 0.01, 1, lh);

	for (int i = 0; i < st->n_windows; i++) {
		if (st->windows[i].open)
			open[n++] = &st->windows[i];
	}
	draw_title(f, title, LOC_NOW_CALLING);
	if (n == 0) {
		draw(f, f->ja->text[LOC_WINDOW_CLOSED], LANG_JA, C_DIM,
		     rect_sub(grid, 0.05, 0.3, 0.9, 0.25), TEXT_CENTER);
		draw(f, t2(f, LOC_WINDOW_CLOSED), f->second, C_DIM,
		     rect_sub(grid, 0.05, 0.58, 0.9, 0.15), TEXT_CENTER);
		return;
	}
	cols = layout_grid_columns(grid.w, grid.h, n, 1.45, box->columns);
	rows = (n + cols - 1) / cols;
	for (int i = 0; i < n; i++) {
		int cx = i % cols, cy = i / cols;
		SDL_Rect card = { grid.x + grid.w * cx / cols, grid.y + grid.h * cy / rows,
				  grid.w / cols - gap, grid.h / rows - gap };

		draw_window_card(f, card, open[i], window_is_newest(st, open[i]));
	}
	if (f->v->flash_call >= 0 && !stale(f))
		draw_flash(f, b);
}

/* A triangle pointing right, as the arrow between a number and its window. */
static void draw_arrow(struct frame *f, SDL_Rect b, SDL_Color c)
{
	SDL_Vertex v[3] = {
		{ { (float)b.x, (float)b.y }, c, { 0, 0 } },
		{ { (float)(b.x + b.w), (float)(b.y + b.h / 2) }, c, { 0, 0 } },
		{ { (float)b.x, (float)(b.y + b.h) }, c, { 0, 0 } },
	};

	SDL_RenderGeometry(f->rd->r, NULL, v, 3, NULL, 0);
}

static void draw_recent(struct frame *f, SDL_Rect b, const struct layout_box *box)
{
	const struct status *st = f->v->st;
	int rows = box->rows > 0 ? box->rows : 6;
	int n = st->n_calls < rows ? st->n_calls : rows;
	bool banner = f->banner.h && f->banner.y == b.y;
	double th = banner ? 0.22 : LAYOUT_TITLE, lh = banner ? 0.77 : LAYOUT_LIST;
	SDL_Rect title = rect_sub(b, 0, 0, 1, th);
	SDL_Rect list = rect_sub(b, 0, th + 0.01, 1, lh);
	int gap = b.h / 80 > 1 ? b.h / 80 : 1;

	draw_title(f, title, LOC_RECENT_CALLS);
	for (int i = 0; i < n; i++) {
		const struct status_call *call = &st->calls[i];
		int wi = status_window_find(st, call->window);
		SDL_Rect row = { list.x, list.y + list.h * i / rows, list.w, list.h / rows - gap };
		SDL_Color num = stale(f) ? C_DIM : C_NUMBER;
		SDL_Rect arrow = rect_sub(row, 0.44, 0.34, 0.035, 0.32);

		fill(f, row, i == 0 ? C_PANEL_HI : C_PANEL);
		f->ground = i == 0 ? C_PANEL_HI : C_PANEL;
		if (i == 0 && !stale(f))
			fill(f, (SDL_Rect){ row.x, row.y, row.h / 8, row.h }, C_NUMBER);
		draw(f, call->ticket, LANG_JA, num, rect_sub(row, 0.04, 0.1, 0.38, 0.8),
		     TEXT_CENTER);
		draw_arrow(f, arrow, C_TEXT2);
		if (wi >= 0) {
			const struct status_window *w = &st->windows[wi];
			bool has2 = f->l2 && w->label.t[f->second][0];
			/* A second line: the window's label, and a recall's mark, in the second language. */
			bool two = has2 || (f->l2 && call->recall);
			SDL_Rect lab =
				rect_sub(row, 0.50, two ? 0.04 : 0.15, 0.48, two ? 0.54 : 0.7);
			SDL_Rect lab2 = rect_sub(row, 0.50, 0.60, 0.48, LAYOUT_RECENT_L2);
			int lw = draw(f, w->label.t[LANG_JA], LANG_JA, C_TEXT, lab, TEXT_LEFT);
			int lw2 = has2 ? draw(f, w->label.t[f->second], f->second, C_TEXT2, lab2,
					      TEXT_LEFT)
				       : 0;

			/* A recall says so, where there is room after the window. */
			if (call->recall) {
				SDL_Rect tag = { lab.x + lw + lab.h / 4, lab.y + lab.h / 5,
						 lab.w - lw - lab.h / 4, lab.h * 3 / 5 };
				int gap2 = lw2 ? lab2.h / 2 : 0;
				SDL_Rect tag2 = { lab2.x + lw2 + gap2, lab2.y, lab2.w - lw2 - gap2,
						  lab2.h };

				if (text_width(f->rd->text, f->ja->text[LOC_RECALL], LANG_JA,
					       tag.h) <= tag.w)
					draw(f, f->ja->text[LOC_RECALL], LANG_JA, C_WARN, tag,
					     TEXT_LEFT);
				if (f->l2 && text_width(f->rd->text, t2(f, LOC_RECALL), f->second,
							tag2.h) <= tag2.w)
					draw(f, t2(f, LOC_RECALL), f->second, C_WARN, tag2,
					     TEXT_LEFT);
			}
		} else {
			draw(f, call->window, LANG_JA, C_TEXT, rect_sub(row, 0.50, 0.15, 0.48, 0.7),
			     TEXT_LEFT);
		}
	}
}

/* The congestion icon: a meter of four bars, @level + 1 of them filled. */
static void draw_meter(struct frame *f, SDL_Rect b, int level)
{
	int bw = b.w / 5, gap = b.w / 15;

	for (int i = 0; i < 4; i++) {
		int h = b.h * (i + 1) / 4;
		SDL_Rect bar = { b.x + i * (bw + gap), b.y + b.h - h, bw, h };

		if (i <= level)
			fill(f, bar, C_INK);
		else
			fill(f, rect_inset(bar, 0), (SDL_Color){ 0, 0, 0, 0x30 });
	}
}

static void draw_category(struct frame *f, SDL_Rect b, const struct status_category *c)
{
	char text[STATUS_TEXT_MAX];
	int e = b.h / 60 > 2 ? b.h / 60 : 2;
	SDL_Rect in = rect_inset(b, e * 3), chip;
	SDL_Color lc = C_LEVEL[c->level];
	SDL_Color val = stale(f) ? C_DIM : C_TEXT;
	SDL_Color num = stale(f) ? C_DIM : C_NUMBER;

	panel(f, b, C_PANEL, C_EDGE, e);
	draw(f, c->name.t[LANG_JA], LANG_JA, C_TEXT, rect_sub(in, 0.02, 0.0, 0.96, 0.17),
	     TEXT_LEFT);
	draw(f, n2(f, c->name.t), f->second, C_TEXT2,
	     rect_sub(in, 0.02, 0.175, 0.96, LAYOUT_CAT_L2), TEXT_LEFT);

	/*
	 * Waiting people and the wait band, side by side, each under its label
	 * in Japanese and the second language; the columns share the width as
	 * their labels need it (the people's at most half).
	 */
	{
		SDL_Rect lr = rect_sub(in, 0.02, 0.31, 0.96, LAYOUT_CAT_L2);
		SDL_Rect vr = rect_sub(in, 0.02, 0.445, 0.96, 0.21);
		int wa = text_width(f->rd->text, f->ja->text[LOC_WAITING], LANG_JA, lr.h);
		int wb = text_width(f->rd->text, f->ja->text[LOC_WAIT_TIME], LANG_JA, lr.h);
		int left = in.w * 36 / 100, gap = in.w * 4 / 100, avail = lr.w - gap;
		int need_l = wa, need_r = wb;
		SDL_Rect a, bb;

		if (f->l2) {
			need_l += lr.h / 2 +
				  text_width(f->rd->text, t2(f, LOC_WAITING), f->second, lr.h);
			need_r += lr.h / 2 +
				  text_width(f->rd->text, t2(f, LOC_WAIT_TIME), f->second, lr.h);
		}
		/* Each column as wide as its labels need, when both can be. */
		if (need_l + need_r > avail)
			left = (int)((int64_t)avail * need_l / (need_l + need_r));
		else if (need_l > left)
			left = need_l;
		else if (avail - left < need_r)
			left = avail - need_r;
		if (left > in.w * 50 / 100)
			left = in.w * 50 / 100;
		a = (SDL_Rect){ lr.x, lr.y, left, lr.h };
		bb = (SDL_Rect){ lr.x + left + gap, lr.y, lr.w - left - gap, lr.h };
		draw(f, f->ja->text[LOC_WAITING], LANG_JA, C_TEXT2, a, TEXT_LEFT);
		draw(f, f->ja->text[LOC_WAIT_TIME], LANG_JA, C_TEXT2, bb, TEXT_LEFT);
		fmt_people(f->ja, c->waiting, text, sizeof(text));
		draw(f, text, LANG_JA, num, (SDL_Rect){ a.x, vr.y, a.w, vr.h }, TEXT_LEFT);
		fmt_wait(f->ja, c, text, sizeof(text));
		draw(f, text, LANG_JA, val, (SDL_Rect){ bb.x, vr.y, bb.w, vr.h }, TEXT_LEFT);
		if (f->l2) {
			a.x += wa + a.h / 2;
			a.w -= wa + a.h / 2;
			bb.x += wb + bb.h / 2;
			bb.w -= wb + bb.h / 2;
			if (a.w > a.h)
				draw(f, t2(f, LOC_WAITING), f->second, C_TEXT2, a, TEXT_LEFT);
			if (bb.w > bb.h)
				draw(f, t2(f, LOC_WAIT_TIME), f->second, C_TEXT2, bb, TEXT_LEFT);
		}
	}

	/* The congestion level: colour, icon and word, never colour alone. */
	chip = rect_sub(in, 0.0, 1.0 - LAYOUT_CAT_CHIP, 1.0, LAYOUT_CAT_CHIP);
	fill(f, chip, stale(f) ? C_DIM : lc);
	f->ground = stale(f) ? C_DIM : lc;
	draw_meter(f, rect_sub(chip, 0.03, 0.18, 0.12, 0.64), c->level);
	draw(f, f->ja->text[LOC_LEVEL_0 + c->level], LANG_JA, C_INK,
	     rect_sub(chip, 0.19, 0.06, 0.78, f->l2 ? 0.48 : 0.84), TEXT_LEFT);
	if (f->l2)
		draw(f, f->l2->text[LOC_LEVEL_0 + c->level], f->second, C_INK,
		     rect_sub(chip, 0.19, 0.56, 0.78, LAYOUT_CAT_CHIP_L2), TEXT_LEFT);
}

static void draw_categories(struct frame *f, SDL_Rect b, const struct layout_box *box)
{
	const struct status *st = f->v->st;
	int n = st->n_categories, cols, rows, gap = b.h / 40;

	if (n == 0)
		return;
	cols = layout_grid_columns(b.w, b.h, n, 1.5, box->columns);
	rows = (n + cols - 1) / cols;
	for (int i = 0; i < n; i++) {
		SDL_Rect card = { b.x + b.w * (i % cols) / cols, b.y + b.h * (i / cols) / rows,
				  b.w / cols - gap, b.h / rows - gap };

		draw_category(f, card, &st->categories[i]);
	}
}

static int qr_update(struct frame *f, const char *url)
{
	struct render *rd = f->rd;
	QRcode *q;
	SDL_Surface *s;
	int n;

	if (rd->qr && strcmp(rd->qr_url, url) == 0)
		return 0;
	if (rd->qr)
		SDL_DestroyTexture(rd->qr);
	rd->qr = NULL;
	q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return -1;
	n = q->width + 4; /* a quiet zone of two modules each side */
	s = SDL_CreateRGBSurfaceWithFormat(0, n, n, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s) {
		QRcode_free(q);
		return -1;
	}
	SDL_FillRect(s, NULL, 0xffffffff);
	for (int y = 0; y < q->width; y++) {
		for (int x = 0; x < q->width; x++) {
			if (q->data[y * q->width + x] & 1) {
				Uint32 *px = (Uint32 *)((Uint8 *)s->pixels + (y + 2) * s->pitch);
				px[x + 2] = 0xff000000;
			}
		}
	}
	rd->qr = SDL_CreateTextureFromSurface(rd->r, s);
	SDL_SetTextureScaleMode(rd->qr, SDL_ScaleModeNearest);
	rd->qr_modules = n;
	snprintf(rd->qr_url, sizeof(rd->qr_url), "%s", url);
	SDL_FreeSurface(s);
	QRcode_free(q);
	return rd->qr ? 0 : -1;
}

static void draw_qr(struct frame *f, SDL_Rect b)
{
	const struct status *st = f->v->st;
	SDL_Rect code, cap;
	int side, scale;

	if (!st->status_page_url[0] || qr_update(f, st->status_page_url) < 0)
		return;
	fill(f, b, C_PANEL);
	f->ground = C_PANEL;
	cap = rect_sub(b, 0.04, 0.02, 0.92, f->l2 ? 0.11 : 0.16);
	side = b.h * 3 / 4 < b.w - b.w / 10 ? b.h * 3 / 4 : b.w - b.w / 10;
	scale = side / f->rd->qr_modules; /* whole pixels per module: sharp edges */
	if (scale < 1)
		scale = 1;
	side = scale * f->rd->qr_modules;
	code = (SDL_Rect){ b.x + (b.w - side) / 2, b.y + b.h - side - b.h / 30, side, side };
	draw(f, f->ja->text[LOC_QR_CAPTION], LANG_JA, C_TEXT, cap, TEXT_CENTER);
	if (f->l2) {
		SDL_Rect cap2 = rect_sub(b, 0.04, 0.13, 0.92, LAYOUT_QR_L2);

		draw(f, t2(f, LOC_QR_CAPTION), f->second, C_TEXT2, cap2, TEXT_CENTER);
	}
	SDL_RenderCopy(f->rd->r, f->rd->qr, NULL, &code);
}

/* The ticker's message for staff: the printer's worst problem, else a call from the kiosk. */
static enum locale_key ticker_staff_key(const struct status *st)
{
	static const enum locale_key printer[STATUS_PRINTER_COUNT] = {
		[STATUS_PRINTER_OK] = LOC_KEY_COUNT,
		[STATUS_PRINTER_PAPER_OUT] = LOC_PRINTER_PAPER_OUT,
		[STATUS_PRINTER_COVER_OPEN] = LOC_PRINTER_COVER_OPEN,
		[STATUS_PRINTER_ERROR] = LOC_PRINTER_ERROR,
		[STATUS_PRINTER_OFFLINE] = LOC_PRINTER_OFFLINE,
		[STATUS_PRINTER_UNREACHABLE] = LOC_PRINTER_UNREACHABLE,
		[STATUS_PRINTER_NO_REPORT] = LOC_PRINTER_NO_REPORT,
		[STATUS_PRINTER_PAPER_NEAR_END] = LOC_PRINTER_PAPER_NEAR_END,
	};

	if (st->printer != STATUS_PRINTER_OK)
		return printer[st->printer];
	return st->kiosk_help ? LOC_KIOSK_HELP : LOC_KEY_COUNT;
}

static void draw_ticker_staff(struct frame *f, SDL_Rect rest, enum locale_key k)
{
	SDL_Rect line = rect_sub(rest, 0.02, 0.16, 0.96, 0.68);
	char text[2 * LOCALE_TEXT_MAX + 16];

	fill(f, rest, C_WARN);
	f->ground = C_WARN;
	join3(text, sizeof(text), f->ja->text[k], f->l2 ? "　／　" : "", f->l2 ? t2(f, k) : "");
	if (!f->l2 || text_width(f->rd->text, text, LANG_JA, line.h) > line.w * 4 / 3)
		draw(f, f->ja->text[k], LANG_JA, C_INK, line, TEXT_LEFT);
	else
		draw(f, text, LANG_JA, C_INK, line, TEXT_LEFT);
}

static void draw_ticker(struct frame *f, SDL_Rect b)
{
	const struct status *st = f->v->st;
	enum locale_key k =
		st->service == STATUS_SERVICE_SUSPENDED ? LOC_SERVICE_SUSPENDED : LOC_SERVICE_OPEN;
	SDL_Rect chip = rect_sub(b, 0.0, 0.0, 0.2, 1.0), rest;
	char text[2 * STATUS_TEXT_MAX + 16];
	SDL_Color cc = k == LOC_SERVICE_OPEN ? C_WHITE : C_WARN;

	if (st->service == STATUS_SERVICE_CLOSED)
		k = LOC_CLOSED_TITLE;
	fill(f, b, C_PANEL);
	if (k == LOC_CLOSED_TITLE)
		chip.w = 0; /* the body says it, in large type */
	else
		chip.w = text_width(f->rd->text, f->ja->text[k], LANG_JA, b.h * 64 / 100) + b.h;
	/* "Open" is a label; "suspended" is news and may take more of the line. */
	if (chip.w > b.w * (k == LOC_SERVICE_OPEN ? 20 : 45) / 100)
		chip.w = b.w * (k == LOC_SERVICE_OPEN ? 20 : 45) / 100;
	if (chip.w > 0) {
		fill(f, chip, cc);
		f->ground = cc;
		draw(f, f->ja->text[k], LANG_JA, C_INK,
		     (SDL_Rect){ chip.x + b.h / 2, chip.y + b.h * 18 / 100, chip.w - b.h,
				 b.h * 64 / 100 },
		     TEXT_CENTER);
	}
	rest = (SDL_Rect){ chip.x + chip.w + b.h / 3, b.y, b.w - chip.w - b.h * 2 / 3, b.h };
	f->ground = C_PANEL;
	/* For staff: a printer problem or a call from the kiosk, in turn with the notice. */
	if (ticker_staff_key(st) != LOC_KEY_COUNT &&
	    (!st->notice.t[LANG_JA][0] || f->v->now_ms / 1000 / 5 % 2 == 0)) {
		draw_ticker_staff(f, rest, ticker_staff_key(st));
	} else if (st->notice.t[LANG_JA][0]) {
		const char *n2t = f->l2 ? st->notice.t[f->second] : "";
		SDL_Rect line = rect_sub(rest, 0, 0.16, 1, 0.68);

		join3(text, sizeof(text), st->notice.t[LANG_JA], n2t[0] ? "　／　" : "", n2t);
		/* Too long for both at a readable size: one language at a time. */
		if (n2t[0] && text_width(f->rd->text, text, LANG_JA, line.h) > line.w * 4 / 3) {
			bool ja = f->v->now_ms / 1000 / 4 % 2 == 0;

			draw(f, ja ? st->notice.t[LANG_JA] : n2t, ja ? LANG_JA : f->second,
			     ja ? C_TEXT : C_TEXT2, line, TEXT_LEFT);
		} else {
			draw(f, text, LANG_JA, C_TEXT, line, TEXT_LEFT);
		}
	} else if (f->l2 && k != LOC_CLOSED_TITLE) {
		draw(f, f->l2->text[k], f->second, C_TEXT2,
		     rect_sub(rest, 0, (1 - LAYOUT_TICKER_L2) / 2, 1, LAYOUT_TICKER_L2), TEXT_LEFT);
	}
}

/* The "not updating" banner: never let old numbers pass for live ones. */
static void draw_stale(struct frame *f, SDL_Rect b)
{
	static const char *const names[] = { "time" };
	char hhmm[16], text[LOCALE_TEXT_MAX];
	const char *values[] = { hhmm };
	struct civil c;
	int e = b.h / 14 > 2 ? b.h / 14 : 2;

	civil_from_ms(f->v->as_of_ms, f->offset_min, &c);
	snprintf(hhmm, sizeof(hhmm), "%d:%02d", c.hour, c.minute);
	panel(f, b, C_WHITE, C_WARN, e);
	locale_format(f->ja->text[LOC_STALE], text, sizeof(text), names, values, 1);
	if (f->l2) {
		draw(f, text, LANG_JA, C_INK, rect_sub(b, 0.03, 0.1, 0.94, 0.5), TEXT_CENTER);
		locale_format(f->l2->text[LOC_STALE], text, sizeof(text), names, values, 1);
		draw(f, text, f->second, C_INK, rect_sub(b, 0.03, 0.60, 0.94, 0.30), TEXT_CENTER);
	} else {
		draw(f, text, LANG_JA, C_INK, rect_sub(b, 0.03, 0.15, 0.94, 0.7), TEXT_CENTER);
	}
}

/* The union of the boxes of the widgets present among @ws. */
static SDL_Rect union_box(const struct layout *lay, SDL_Rect canvas, const enum layout_widget *ws,
			  int n)
{
	SDL_Rect u = { 0, 0, 0, 0 };

	for (int i = 0; i < n; i++) {
		const struct layout_box *bx = &lay->box[ws[i]];
		SDL_Rect r = rect_sub(canvas, bx->x, bx->y, bx->w, bx->h);

		if (!bx->present)
			continue;
		if (u.w == 0)
			u = r;
		else
			SDL_UnionRect(&u, &r, &u);
	}
	return u;
}

static void draw_message(struct frame *f, SDL_Rect b, const char *l1, const char *l2,
			 const char *l3, const char *l4)
{
	fill(f, b, C_BG);
	f->ground = C_BG;
	draw(f, l1, LANG_JA, C_TEXT, rect_sub(b, 0.04, 0.18, 0.92, 0.20), TEXT_CENTER);
	draw(f, l2, f->second, C_TEXT2, rect_sub(b, 0.04, 0.40, 0.92, 0.11), TEXT_CENTER);
	draw(f, l3, LANG_JA, C_NUMBER, rect_sub(b, 0.04, 0.60, 0.92, 0.13), TEXT_CENTER);
	draw(f, l4, f->second, C_TEXT2, rect_sub(b, 0.04, 0.76, 0.92, 0.09), TEXT_CENTER);
}

/*
 * Before the first document: connecting, or why it cannot (in Japanese and
 * the second language), and the URL, for whoever sets the sign up.
 */
static void draw_connecting(struct frame *f, SDL_Rect b)
{
	const struct render_view *v = f->v;
	bool failed = v->conn_url && v->conn_why != LOC_CONNECTING;
	enum locale_key title = failed ? LOC_CONNECT_FAILED : LOC_CONNECTING;

	fill(f, b, C_BG);
	f->ground = C_BG;
	draw(f, f->ja->text[title], LANG_JA, C_TEXT, rect_sub(b, 0.04, 0.08, 0.92, 0.18),
	     TEXT_CENTER);
	draw(f, t2(f, title), f->second, C_TEXT2, rect_sub(b, 0.04, 0.28, 0.92, 0.10), TEXT_CENTER);
	if (failed) {
		draw(f, f->ja->text[v->conn_why], LANG_JA, C_NUMBER,
		     rect_sub(b, 0.04, 0.45, 0.92, 0.11), TEXT_CENTER);
		draw(f, t2(f, v->conn_why), f->second, C_TEXT2, rect_sub(b, 0.04, 0.58, 0.92, 0.08),
		     TEXT_CENTER);
	}
	if (v->conn_url)
		draw(f, v->conn_url, LANG_EN, C_TEXT, rect_sub(b, 0.04, 0.74, 0.92, 0.08),
		     TEXT_CENTER);
	if (failed && v->conn_detail && v->conn_detail[0])
		draw(f, v->conn_detail, LANG_EN, C_DIM, rect_sub(b, 0.04, 0.85, 0.92, 0.06),
		     TEXT_CENTER);
}

static void fmt_next(const struct locale *loc, const struct status *st, char *out, size_t size)
{
	static const char *const names[] = { "date", "open", "close" };
	char date[96];
	const char *values[] = { date, st->next.open, st->next.close };

	if (!st->next.set) {
		snprintf(out, size, "%s", loc->text[LOC_NO_NEXT_HOURS]);
		return;
	}
	fmt_short_date(loc, st->next.date, date, sizeof(date));
	locale_format(loc->text[LOC_NEXT_HOURS], out, size, names, values, 3);
}

/*
 * The title of the closed screen in @loc (language @l): before today's
 * opening, after today's closing, or why there is no service today.
 */
static void fmt_closed_title(const struct locale *loc, enum lang l, const struct status *st,
			     int32_t today, char *out, size_t size)
{
	static const char *const wd_names[] = { "weekday" }, *const h_names[] = { "holiday" };
	const struct status_day *day = &st->today_info;
	const char *value;

	/* Before today's opening the sign says so, not that the day is over. */
	if (st->next.set && st->next.date == today) {
		snprintf(out, size, "%s", loc->text[LOC_BEFORE_TITLE]);
	} else if (st->today.set || !day->set) {
		snprintf(out, size, "%s", loc->text[LOC_CLOSED_TITLE]);
	} else if (day->kind == STATUS_DAY_HOLIDAY && day->holiday_ja[0]) {
		value = l == LANG_JA || l == LANG_JA_EASY ? day->holiday_ja : day->holiday_en;
		locale_format(loc->text[LOC_CLOSED_HOLIDAY], out, size, h_names, &value, 1);
	} else if (day->kind == STATUS_DAY_YEAR_END) {
		snprintf(out, size, "%s", loc->text[LOC_CLOSED_YEAR_END]);
	} else if (day->kind == STATUS_DAY_SPECIAL) {
		snprintf(out, size, "%s", loc->text[LOC_CLOSED_SPECIAL]);
	} else {
		value = loc->weekdays_long[day->weekday];
		locale_format(loc->text[LOC_CLOSED_WEEKLY], out, size, wd_names, &value, 1);
	}
}

static void draw_closed(struct frame *f, SDL_Rect body)
{
	char n1[LOCALE_TEXT_MAX], n2t[LOCALE_TEXT_MAX] = "";
	char t1[LOCALE_TEXT_MAX], t2t[LOCALE_TEXT_MAX] = "";
	struct civil c;

	civil_from_ms(f->v->now_ms, f->offset_min, &c);
	fmt_closed_title(f->ja, LANG_JA, f->v->st, c.yyyymmdd, t1, sizeof(t1));
	fmt_next(f->ja, f->v->st, n1, sizeof(n1));
	if (f->l2) {
		fmt_closed_title(f->l2, f->second, f->v->st, c.yyyymmdd, t2t, sizeof(t2t));
		fmt_next(f->l2, f->v->st, n2t, sizeof(n2t));
	}
	draw_message(f, body, t1, t2t, n1, n2t);
}

/* Under the closed screen's message: where staff reach the console from a tablet. */
static void draw_console_line(struct frame *f, SDL_Rect b)
{
	static const char *const names[] = { "url" };
	const char *values[] = { f->v->console_url };
	char text[LOCALE_TEXT_MAX + 256];

	f->ground = C_BG;
	locale_format(f->ja->text[LOC_STAFF_CONSOLE], text, sizeof(text), names, values, 1);
	draw(f, text, LANG_JA, C_TEXT2, rect_sub(b, 0.04, 0.875, 0.92, 0.05), TEXT_CENTER);
	if (f->l2) {
		locale_format(f->l2->text[LOC_STAFF_CONSOLE], text, sizeof(text), names, values, 1);
		draw(f, text, f->second, C_TEXT2, rect_sub(b, 0.04, 0.935, 0.92, 0.045),
		     TEXT_CENTER);
	}
}

/* Sizes of one row of the error screen at label size @px. */
struct err_metrics {
	int px; /* "行 12" */
	int px2; /* "line 12", under it */
	int text_px; /* the message in Japanese */
	int pitch; /* between message lines */
	int text2_px; /* the message in English, under it */
	int pitch2;
	int gap; /* between errors */
	int label_w; /* the column of line numbers */
};

static struct err_metrics err_metrics(int px)
{
	struct err_metrics m = { px, px * 55 / 100, px * 72 / 100, 0, px * 55 / 100,
				 0,  px * 30 / 100, px * 7 / 2 };

	m.pitch = m.text_px * 125 / 100;
	m.pitch2 = m.text2_px * 125 / 100;
	return m;
}

/*
 * Message @s in language @l wrapped into @box's width at @px, lines @pitch
 * apart, from @box.y + *@h while they fit below @max; drawn when @draw_it.
 * Return: false when it does not all fit.
 */
static bool err_text(struct frame *f, SDL_Rect box, const char *s, enum lang l, int px, int pitch,
		     SDL_Color c, bool draw_it, int *h, int max)
{
	char part[ERRORS_TEXT_MAX];

	while (*s && *h + pitch <= max) {
		size_t next, len = text_fit_line(f->rd->text, s, l, px, box.w, &next);

		if (next == 0)
			break;
		if (draw_it) {
			memcpy(part, s, len);
			part[len] = '\0';
			draw(f, part, l, c, (SDL_Rect){ box.x, box.y + *h, box.w, px }, TEXT_LEFT);
		}
		*h += pitch;
		s += next;
	}
	return *s == '\0';
}

/*
 * The height of error @e's row, at most @max; with @y0 >= 0 it is also
 * drawn there in @b.
 */
static int err_row(struct frame *f, SDL_Rect b, const struct errors_item *e,
		   const struct err_metrics *m, int y0, int max)
{
	SDL_Rect text = { b.x, b.y, b.w, m->text_px };
	char label[LOCALE_TEXT_MAX], num[16];
	static const char *const names[] = { "line" };
	const char *values[] = { num };
	/* Japanese first when the file has it, the English under it. */
	const char *s1 = e->ja[0] ? e->ja : e->text, *s2 = e->ja[0] ? e->text : "";
	int h = 0, label_h = 0;
	bool fits;

	if (e->line > 0) {
		text.x += m->label_w;
		text.w -= m->label_w;
		label_h = m->px + m->px2 * 115 / 100;
		if (y0 >= 0) {
			const struct locale *en = f->v->loc[LANG_EN];
			SDL_Rect lb = { b.x, y0, m->label_w - m->px / 3, m->px };

			snprintf(num, sizeof(num), "%d", e->line);
			locale_format(f->ja->text[LOC_ERRORS_LINE], label, sizeof(label), names,
				      values, 1);
			draw(f, label, LANG_JA, C_NUMBER, lb, TEXT_LEFT);
			if (en) {
				locale_format(en->text[LOC_ERRORS_LINE], label, sizeof(label),
					      names, values, 1);
				lb.y += m->px + m->px2 * 15 / 100;
				lb.h = m->px2;
				draw(f, label, LANG_EN, C_TEXT2, lb, TEXT_LEFT);
			}
		}
	}
	/* The message, wrapped; its first line level with the label. */
	text.y = y0 + (m->px - m->text_px) / 2;
	fits = err_text(f, text, s1, LANG_JA, m->text_px, m->pitch, C_TEXT, y0 >= 0, &h, max);
	if (fits && *s2)
		fits = err_text(f, text, s2, LANG_EN, m->text2_px, m->pitch2, C_TEXT2, y0 >= 0, &h,
				max);
	if (!fits)
		h = max + 1; /* does not fit */
	return (h > label_h ? h : label_h) + m->gap;
}

/*
 * The largest label size (from @px_max down to @px_min) at which all errors
 * fit in @b; at @px_min, as many as fit with room for the "N more" line.
 */
static void err_fit(struct frame *f, SDL_Rect b, const struct errors *errs, int px_max, int px_min,
		    int *px, int *shown)
{
	for (int p = px_max;; p = p * 88 / 100 > px_min ? p * 88 / 100 : px_min) {
		struct err_metrics m = err_metrics(p);
		int y = 0, i;

		for (i = 0; i < errs->n; i++) {
			int rh = err_row(f, b, &errs->e[i], &m, -1, b.h);

			if (y + rh - m.gap > b.h)
				break;
			y += rh;
		}
		if ((i == errs->n && errs->n == errs->total) || p == px_min) {
			*px = p;
			*shown = i;
			if (i < errs->total) {
				/* Room for the "N more" line: leave out errors until there is. */
				while (*shown > 0 && y + m.px > b.h) {
					(*shown)--;
					y -= err_row(f, b, &errs->e[*shown], &m, -1, b.h);
				}
			}
			return;
		}
	}
}

/*
 * The config-error screen: what is wrong in machiai.conf, each error with
 * its line number, in type large enough to read across a lobby, and what to
 * do about it.
 */
static void draw_errors(struct frame *f, SDL_Rect c)
{
	static const char *const names[] = { "n" };
	const struct errors *errs = f->v->errors;
	const struct locale *l2 = f->l2; /* the visitors' languages in turn */
	char num[16], t1[LOCALE_TEXT_MAX], t2s[LOCALE_TEXT_MAX], more[2 * LOCALE_TEXT_MAX];
	const char *values[] = { num };
	int side = c.w < c.h ? c.w : c.h;
	int th = c.h * 16 / 100 < c.w * 20 / 100 ? c.h * 16 / 100 : c.w * 20 / 100;
	int bh = th * 80 / 100, edge = th / 16 > 2 ? th / 16 : 2, mg = side / 36;
	SDL_Rect title = { c.x, c.y, c.w, th }, fix = { c.x, c.y + c.h - bh, c.w, bh }, list;
	struct render *rd = f->rd;
	struct err_metrics m;
	int y;

	fill(f, c, C_BG);
	fill(f, title, C_PANEL);
	fill(f, (SDL_Rect){ c.x, c.y + th - edge, c.w, edge }, C_WARN);
	f->ground = C_PANEL;
	snprintf(num, sizeof(num), "%d", errs->total);
	locale_format(f->ja->text[LOC_ERRORS_TITLE], t1, sizeof(t1), names, values, 1);
	draw(f, t1, LANG_JA, C_TEXT,
	     rect_sub(title, 0.03, l2 ? 0.07 : 0.15, 0.94, l2 ? 0.50 : 0.65), TEXT_LEFT);
	if (l2) {
		locale_format(l2->text[LOC_ERRORS_TITLE], t1, sizeof(t1), names, values, 1);
		draw(f, t1, f->second, C_TEXT2, rect_sub(title, 0.03, 0.60, 0.94, 0.28), TEXT_LEFT);
	}

	fill(f, fix, C_PANEL);
	fill(f, (SDL_Rect){ c.x, fix.y, c.w, edge }, C_WARN);
	draw(f, f->ja->text[LOC_ERRORS_FIX], LANG_JA, C_NUMBER,
	     rect_sub(fix, 0.03, l2 ? 0.14 : 0.2, 0.94, l2 ? 0.40 : 0.6), TEXT_LEFT);
	if (l2)
		draw(f, l2->text[LOC_ERRORS_FIX], f->second, C_TEXT,
		     rect_sub(fix, 0.03, 0.60, 0.94, 0.28), TEXT_LEFT);

	list = (SDL_Rect){ c.x + mg * 2, c.y + th + mg, c.w - mg * 4, c.h - th - bh - 2 * mg };
	f->ground = C_BG;
	if (rd->err_gen != f->v->errors_gen || rd->err_w != c.w || rd->err_h != c.h) {
		int px_max = list.h / 4 < c.w / 16 ? list.h / 4 : c.w / 16;
		int px_min = list.h / 14 > 12 ? list.h / 14 : 12;

		err_fit(f, list, errs, px_max > px_min ? px_max : px_min, px_min, &rd->err_px,
			&rd->err_shown);
		rd->err_gen = f->v->errors_gen;
		rd->err_w = c.w;
		rd->err_h = c.h;
	}
	m = err_metrics(rd->err_px);
	y = list.y;
	for (int i = 0; i < rd->err_shown; i++)
		y += err_row(f, list, &errs->e[i], &m, y, list.y + list.h - y);
	if (rd->err_shown < errs->total) {
		snprintf(num, sizeof(num), "%d", errs->total - rd->err_shown);
		locale_format(f->ja->text[LOC_ERRORS_MORE], t1, sizeof(t1), names, values, 1);
		t2s[0] = '\0';
		if (l2)
			locale_format(l2->text[LOC_ERRORS_MORE], t2s, sizeof(t2s), names, values,
				      1);
		join3(more, sizeof(more), t1, t2s[0] ? "　／　" : "", t2s);
		draw(f, more, LANG_JA, C_NUMBER, (SDL_Rect){ list.x, y, list.w, m.px }, TEXT_LEFT);
	}
}

static void draw_canvas(struct frame *f, const struct layout *lay, int w, int h)
{
	static const enum layout_widget body_ws[] = { LAYOUT_WINDOWS, LAYOUT_RECENT,
						      LAYOUT_CATEGORIES };
	const struct status *st = f->v->st;
	SDL_Rect canvas = { 0, 0, w, h }, box[LAYOUT_WIDGET_COUNT];
	SDL_Rect body = union_box(lay, canvas, body_ws, 3);

	if (f->v->errors) {
		draw_errors(f, canvas);
		return;
	}
	for (int i = 0; i < LAYOUT_WIDGET_COUNT; i++) {
		const struct layout_box *bx = &lay->box[i];

		box[i] = rect_sub(canvas, bx->x, bx->y, bx->w, bx->h);
	}
	if (f->v->stale) {
		/* Across the top of the calls, and of the recent calls when level with them. */
		SDL_Rect wb = box[LAYOUT_WINDOWS], rb = box[LAYOUT_RECENT];

		f->banner = (SDL_Rect){ wb.x, wb.y, wb.w, wb.h * 21 / 100 };
		if (lay->box[LAYOUT_RECENT].present && rb.y == wb.y)
			SDL_UnionRect(&f->banner, &(SDL_Rect){ rb.x, rb.y, rb.w, f->banner.h },
				      &f->banner);
	}
	if (st && st->service == STATUS_SERVICE_CLOSED && f->v->off_hours_black) {
		fill(f, canvas, C_BLACK);
		return;
	}
	fill(f, canvas, C_BG);
	if (lay->box[LAYOUT_HEADER].present)
		draw_header(f, box[LAYOUT_HEADER]);
	if (!st) {
		draw_connecting(f, body);
		return;
	}
	if (st->service == STATUS_SERVICE_CLOSED) {
		SDL_Rect qr = box[LAYOUT_QR];

		/* Keep the message clear of the QR code. */
		if (lay->box[LAYOUT_QR].present && st->status_page_url[0] &&
		    SDL_HasIntersection(&qr, &body)) {
			if (qr.x > body.x + body.w / 2)
				body.w = qr.x - body.x - qr.w / 10;
			else if (qr.y > body.y + body.h / 2)
				body.h = qr.y - body.y - qr.h / 10;
		}
		draw_closed(f, body);
		if (f->v->console_url)
			draw_console_line(f, body);
	} else {
		if (lay->box[LAYOUT_RECENT].present)
			draw_recent(f, box[LAYOUT_RECENT], &lay->box[LAYOUT_RECENT]);
		if (lay->box[LAYOUT_CATEGORIES].present)
			draw_categories(f, box[LAYOUT_CATEGORIES], &lay->box[LAYOUT_CATEGORIES]);
		draw_windows(f, box[LAYOUT_WINDOWS], &lay->box[LAYOUT_WINDOWS]);
	}
	if (lay->box[LAYOUT_QR].present)
		draw_qr(f, box[LAYOUT_QR]);
	if (lay->box[LAYOUT_TICKER].present)
		draw_ticker(f, box[LAYOUT_TICKER]);
	if (f->v->stale)
		draw_stale(f, f->banner);
}

static void render_canvas_free(struct render *rd)
{
	if (rd->canvas)
		SDL_DestroyTexture(rd->canvas);
	if (rd->turned)
		SDL_DestroyTexture(rd->turned);
	free(rd->pix);
	free(rd->pix_turned);
	rd->canvas = rd->turned = NULL;
	rd->pix = rd->pix_turned = NULL;
	rd->canvas_w = rd->canvas_h = 0;
}

/*
 * Turns @w x @h pixels @src clockwise by @deg (90, 180 or 270) into @dst,
 * in 32 x 32 blocks to stay in the cache.
 */
static void render_turn(const Uint32 *src, Uint32 *dst, int w, int h, int deg)
{
	for (int by = 0; by < h; by += 32) {
		for (int bx = 0; bx < w; bx += 32) {
			int ey = by + 32 < h ? by + 32 : h, ex = bx + 32 < w ? bx + 32 : w;

			for (int y = by; y < ey; y++) {
				const Uint32 *row = src + (size_t)y * w;

				for (int x = bx; x < ex; x++) {
					size_t o;

					if (deg == 90) /* (x, y) -> (h - 1 - y, x), rows of h */
						o = (size_t)x * h + (size_t)(h - 1 - y);
					else if (deg == 270) /* (x, y) -> (y, w - 1 - x) */
						o = (size_t)(w - 1 - x) * h + (size_t)y;
					else /* 180 */
						o = (size_t)(h - 1 - y) * w + (size_t)(w - 1 - x);
					dst[o] = row[x];
				}
			}
		}
	}
}

int render_frame(struct render *rd, const struct layout *lay, const struct render_view *v,
		 int out_w, int out_h)
{
	bool turned = lay->rotate == 90 || lay->rotate == 270;
	int cw = turned ? out_h : out_w, ch = turned ? out_w : out_h;
	struct frame f = { .rd = rd, .v = v, .ja = v->loc[LANG_JA] };
	int turned_w = turned ? ch : cw, turned_h = turned ? cw : ch;

	f.second = v->second;
	f.l2 = v->second != LANG_JA ? v->loc[v->second] : NULL;
	if (!f.l2)
		f.second = LANG_JA;
	f.offset_min = v->st ? v->st->utc_offset_min : v->utc_offset_min;
	rd->second_px = 0;
	SDL_SetRenderDrawBlendMode(rd->r, SDL_BLENDMODE_BLEND);
	if (lay->rotate == 0) {
		draw_canvas(&f, lay, cw, ch);
		text_frame_end(rd->text);
		return 0;
	}
	if (!rd->canvas || rd->canvas_w != cw || rd->canvas_h != ch) {
		render_canvas_free(rd);
		rd->canvas = SDL_CreateTexture(rd->r, SDL_PIXELFORMAT_ARGB8888,
					       SDL_TEXTUREACCESS_TARGET, cw, ch);
		if (!rd->canvas)
			return -1;
		rd->canvas_w = cw;
		rd->canvas_h = ch;
		if (rd->software) {
			rd->turned =
				SDL_CreateTexture(rd->r, SDL_PIXELFORMAT_ARGB8888,
						  SDL_TEXTUREACCESS_STREAMING, turned_w, turned_h);
			rd->pix = malloc((size_t)cw * (size_t)ch * 4);
			rd->pix_turned = malloc((size_t)cw * (size_t)ch * 4);
			if (!rd->turned || !rd->pix || !rd->pix_turned) {
				render_canvas_free(rd);
				return -1;
			}
		}
	}
	SDL_SetRenderTarget(rd->r, rd->canvas);
	draw_canvas(&f, lay, cw, ch);
	if (rd->software) {
		/*
		 * SDL's software RenderCopyEx turns pixel by pixel through a
		 * general rotozoom: a plain transposition is much faster.
		 */
		SDL_RenderReadPixels(rd->r, NULL, SDL_PIXELFORMAT_ARGB8888, rd->pix, cw * 4);
		SDL_SetRenderTarget(rd->r, NULL);
		{
			void *px;
			int pitch;

			if (SDL_LockTexture(rd->turned, NULL, &px, &pitch) < 0) {
				pitch = 0;
			} else if (pitch != turned_w * 4) {
				SDL_UnlockTexture(rd->turned);
				pitch = 0;
			}
			if (pitch) {
				render_turn(rd->pix, px, cw, ch, lay->rotate);
				SDL_UnlockTexture(rd->turned);
			} else {
				render_turn(rd->pix, rd->pix_turned, cw, ch, lay->rotate);
				SDL_UpdateTexture(rd->turned, NULL, rd->pix_turned, turned_w * 4);
			}
		}
		SDL_SetTextureBlendMode(rd->turned, SDL_BLENDMODE_NONE);
		SDL_RenderCopy(rd->r, rd->turned, NULL,
			       &(SDL_Rect){ (out_w - turned_w) / 2, (out_h - turned_h) / 2,
					    turned_w, turned_h });
	} else {
		SDL_Rect dst = { (out_w - cw) / 2, (out_h - ch) / 2, cw, ch };

		SDL_SetRenderTarget(rd->r, NULL);
		SDL_RenderCopyEx(rd->r, rd->canvas, NULL, &dst, lay->rotate, NULL, SDL_FLIP_NONE);
	}
	text_frame_end(rd->text);
	return 0;
}
