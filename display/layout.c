/* SPDX-License-Identifier: MIT */
#include "display/layout.h"

#include <jansson.h>
#include <string.h>

static const char *const layout_names[LAYOUT_WIDGET_COUNT] = {
	[LAYOUT_HEADER] = "header", [LAYOUT_WINDOWS] = "windows",
	[LAYOUT_RECENT] = "recent", [LAYOUT_CATEGORIES] = "categories",
	[LAYOUT_QR] = "qr",	    [LAYOUT_TICKER] = "ticker",
};

const char *layout_widget_name(enum layout_widget w)
{
	return layout_names[w];
}

static bool layout_fraction(json_t *v, const char *path, const char *key, double *out,
			    struct diag *d)
{
	json_t *f = json_object_get(v, key);
	char p[96];

	snprintf(p, sizeof(p), "%s.%s", path, key);
	if (!f) {
		diag_add(d, p, "missing");
		return false;
	}
	if (!json_is_number(f)) {
		diag_add(d, p, "must be a number");
		return false;
	}
	*out = json_number_value(f);
	if (!(*out >= 0.0 && *out <= 1.0)) {
		diag_add(d, p, "must be between 0 and 1");
		return false;
	}
	return true;
}

static void layout_widget(json_t *v, const char *path, int index, struct layout *lay,
			  struct diag *d)
{
	static const char *const keys[] = { "type", "x", "y", "w", "h", "columns", "rows" };
	struct layout_box b = { .present = true };
	const char *key, *type;
	char tp[96];
	json_t *m;
	int w;
	bool ok = true;

	if (!json_is_object(v)) {
		diag_add(d, path, "must be an object");
		return;
	}
	json_object_foreach(v, key, m)
	{
		size_t k;

		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			if (strcmp(key, keys[k]) == 0)
				break;
		}
		if (k == sizeof(keys) / sizeof(keys[0])) {
			char p[160];

			snprintf(p, sizeof(p), "%s.%.100s", path, key);
			diag_add(d, p, "unknown key");
		}
	}
	type = json_string_value(json_object_get(v, "type"));
	snprintf(tp, sizeof(tp), "%s.type", path);
	if (!type) {
		diag_add(d, tp, "missing or not a string");
		return;
	}
	for (w = 0; w < LAYOUT_WIDGET_COUNT; w++) {
		if (strcmp(type, layout_names[w]) == 0)
			break;
	}
	if (w == LAYOUT_WIDGET_COUNT) {
		diag_add(d, tp,
			 "unknown type \"%.40s\" (header, windows, recent, categories, qr, ticker)",
			 type);
		return;
	}
	if (lay->box[w].present) {
		diag_add(d, tp, "a second \"%s\" widget", type);
		return;
	}
	b.index = index;
	ok &= layout_fraction(v, path, "x", &b.x, d);
	ok &= layout_fraction(v, path, "y", &b.y, d);
	ok &= layout_fraction(v, path, "w", &b.w, d);
	ok &= layout_fraction(v, path, "h", &b.h, d);
	if (ok && (b.w <= 0.0 || b.h <= 0.0)) {
		diag_add(d, path, "\"w\" and \"h\" must be more than 0");
		ok = false;
	}
	if (ok && (b.x + b.w > 1.0 + 1e-9 || b.y + b.h > 1.0 + 1e-9)) {
		diag_add(d, path, "extends past the screen (x + w and y + h must be at most 1)");
		ok = false;
	}
	for (int i = 0; i < 2; i++) {
		const char *name = i ? "rows" : "columns";
		json_t *c = json_object_get(v, name);
		int *dst = i ? &b.rows : &b.columns;

		if (!c)
			continue;
		if (!json_is_integer(c) || json_integer_value(c) < 1 || json_integer_value(c) > 8) {
			char p[96];

			snprintf(p, sizeof(p), "%s.%s", path, name);
			diag_add(d, p, "must be an integer from 1 to 8");
			ok = false;
			continue;
		}
		*dst = (int)json_integer_value(c);
	}
	if (ok)
		lay->box[w] = b;
	else
		lay->box[w].present = true; /* reported; do not report "missing" too */
}

int layout_grid_columns(int w, int h, int n, double aspect, int fixed)
{
	int best = 1;
	double best_size = 0;

	if (fixed > 0)
		return fixed < n ? fixed : n;
	for (int cols = 1; cols <= n; cols++) {
		int rows = (n + cols - 1) / cols;
		double cw = (double)w / cols, rh = (double)h / rows;
		double size = cw / aspect < rh ? cw / aspect : rh;

		if (size > best_size + 0.5) {
			best_size = size;
			best = cols;
		}
	}
	return best;
}

/* The smaller of @a (named @na) and @b (named @nb) into *@px and *@name. */
static void layout_min(int *px, const char **name, int b, const char *nb)
{
	if (*px == 0 || b < *px) {
		*px = b;
		*name = nb;
	}
}

/*
 * The same arithmetic as display/render.c, on whole pixels: a box of the
 * canvas is (int)(size * fraction) in each dimension.
 */
int layout_second_px(const struct layout *lay, enum layout_widget w, int cw, int ch,
		     const char **element)
{
	const struct layout_box *bx = &lay->box[w];
	int bw = (int)(cw * bx->w), bh = (int)(ch * bx->h), px = 0;

	*element = "";
	switch (w) {
	case LAYOUT_HEADER:
		layout_min(&px, element, (int)(bh * LAYOUT_HEADER_L2), "office name and date");
		break;
	case LAYOUT_WINDOWS: {
		int gw = bw, gh = (int)(bh * LAYOUT_LIST), gap = bh / 60;
		int n = LAYOUT_CHECK_WINDOWS, cols, rows, cardw, cardh, e, inw, inh, num;

		layout_min(&px, element, (int)((int)(bh * LAYOUT_TITLE) * LAYOUT_TITLE_L2),
			   "title");
		cols = layout_grid_columns(gw, gh, n, 1.45, bx->columns);
		rows = (n + cols - 1) / cols;
		cardw = gw / cols - gap;
		cardh = gh / rows - gap;
		e = cardh / 40 > 2 ? cardh / 40 : 2;
		inw = cardw - 4 * e;
		inh = cardh - 4 * e;
		num = inh * 52 / 100 < inw * 36 / 100 ? inh * 52 / 100 : inw * 36 / 100;
		layout_min(&px, element, num * LAYOUT_CARD_L2_PCT / 100, "window label");
		break;
	}
	case LAYOUT_RECENT: {
		int rows = bx->rows > 0 ? bx->rows : 6, gap = bh / 80 > 1 ? bh / 80 : 1;
		int row = (int)(bh * LAYOUT_LIST) / rows - gap;

		layout_min(&px, element, (int)((int)(bh * LAYOUT_TITLE) * LAYOUT_TITLE_L2),
			   "title");
		layout_min(&px, element, (int)(row * LAYOUT_RECENT_L2), "window label");
		break;
	}
	case LAYOUT_CATEGORIES: {
		int n = LAYOUT_CHECK_CATEGORIES, gap = bh / 40, cols, rows, cardh, e, inh;

		cols = layout_grid_columns(bw, bh, n, 1.5, bx->columns);
		rows = (n + cols - 1) / cols;
		cardh = bh / rows - gap;
		e = cardh / 60 > 2 ? cardh / 60 : 2;
		inh = cardh - 6 * e;
		layout_min(&px, element, (int)(inh * LAYOUT_CAT_L2), "name and labels");
		layout_min(&px, element, (int)((int)(inh * LAYOUT_CAT_CHIP) * LAYOUT_CAT_CHIP_L2),
			   "congestion level");
		break;
	}
	case LAYOUT_QR:
		layout_min(&px, element, (int)(bh * LAYOUT_QR_L2), "caption");
		break;
	case LAYOUT_TICKER:
		layout_min(&px, element, (int)(bh * LAYOUT_TICKER_L2), "service state");
		break;
	case LAYOUT_WIDGET_COUNT:
		break;
	}
	return px;
}

/* Every widget whose second-language text would be smaller than the layout allows. */
static void layout_check_second(const struct layout *lay, struct diag *d)
{
	for (int w = 0; w < LAYOUT_WIDGET_COUNT; w++) {
		const char *element;
		char p[48];
		int px;

		if (!lay->box[w].present)
			continue;
		px = layout_second_px(lay, (enum layout_widget)w, lay->width, lay->height,
				      &element);
		if (px == 0 || px >= lay->second_min_px)
			continue;
		snprintf(p, sizeof(p), "$.widgets[%d]", lay->box[w].index);
		diag_add(d, p,
			 "the second-language %s of the \"%s\" widget would be %d px high "
			 "at %dx%d, below second_min_px %d: make the widget larger",
			 element, layout_names[w], px, lay->width, lay->height, lay->second_min_px);
	}
}

int layout_parse(const char *buf, size_t len, struct layout *lay, struct diag *d)
{
	json_t *root, *v;
	const char *key;
	int n0 = d->n + d->dropped;

	memset(lay, 0, sizeof(*lay));
	root = diag_load_object(buf, len, LAYOUT_MAX_SIZE, d);
	if (!root)
		return -1;
	json_object_foreach(root, key, v)
	{
		if (strcmp(key, "name") && strcmp(key, "size") && strcmp(key, "rotate") &&
		    strcmp(key, "widgets") && strcmp(key, "comment") &&
		    strcmp(key, "second_min_px")) {
			char p[96];

			snprintf(p, sizeof(p), "$.%s", key);
			diag_add(d, p, "unknown key");
		}
	}
	v = json_object_get(root, "name");
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    json_string_length(v) >= sizeof(lay->name))
		diag_add(d, "$.name", "must be a string of 1 to %zu bytes", sizeof(lay->name) - 1);
	else
		memcpy(lay->name, json_string_value(v), json_string_length(v) + 1);

	v = json_object_get(root, "size");
	if (!json_is_array(v) || json_array_size(v) != 2) {
		diag_add(d, "$.size", "must be [width, height]");
	} else {
		for (int i = 0; i < 2; i++) {
			json_t *n = json_array_get(v, (size_t)i);
			char p[32];

			snprintf(p, sizeof(p), "$.size[%d]", i);
			if (!json_is_integer(n) || json_integer_value(n) < 160 ||
			    json_integer_value(n) > 7680)
				diag_add(d, p, "must be an integer from 160 to 7680");
			else if (i == 0)
				lay->width = (int)json_integer_value(n);
			else
				lay->height = (int)json_integer_value(n);
		}
	}

	v = json_object_get(root, "rotate");
	if (v) {
		json_int_t r = json_integer_value(v);

		if (!json_is_integer(v) || (r != 0 && r != 90 && r != 180 && r != 270))
			diag_add(d, "$.rotate", "must be 0, 90, 180 or 270");
		else
			lay->rotate = (int)r;
	}

	v = json_object_get(root, "second_min_px");
	if (v) {
		json_int_t px = json_integer_value(v);

		if (!json_is_integer(v) || px < 8 || px > 400)
			diag_add(d, "$.second_min_px", "must be an integer from 8 to 400 (pixels)");
		else
			lay->second_min_px = (int)px;
	}

	v = json_object_get(root, "widgets");
	if (!json_is_array(v)) {
		diag_add(d, "$.widgets", v ? "must be an array" : "missing");
	} else {
		size_t i;
		json_t *w;

		json_array_foreach(v, i, w)
		{
			char p[48];

			snprintf(p, sizeof(p), "$.widgets[%zu]", i);
			layout_widget(w, p, (int)i, lay, d);
		}
		if (!lay->box[LAYOUT_WINDOWS].present)
			diag_add(d, "$.widgets",
				 "no \"windows\" widget: the sign must show the calls");
	}
	if (lay->second_min_px && d->n + d->dropped == n0)
		layout_check_second(lay, d);
	json_decref(root);
	return d->n + d->dropped > n0 ? -1 : 0;
}
