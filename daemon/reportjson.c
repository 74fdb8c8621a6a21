/* SPDX-License-Identifier: MIT */
#include "daemon/reportjson.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"

#define MS_PER_HOUR 3600000.0
#define CSV_MAX (32 * 1024 * 1024)

/* json_object_set_new() that tracks failure in *@ok. */
static void rj_set(json_t *obj, const char *key, json_t *value, bool *ok)
{
	if (!value || json_object_set_new(obj, key, value) < 0)
		*ok = false;
}

static void rj_push(json_t *arr, json_t *value, bool *ok)
{
	if (!value || json_array_append_new(arr, value) < 0)
		*ok = false;
}

/* @x rounded to @decimals, or null when it is not a number. */
static json_t *rj_num(double x, int decimals)
{
	double f = pow(10, decimals);

	return isfinite(x) ? json_real(round(x * f) / f) : json_null();
}

static json_t *rj_date(int32_t d)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100),
		 (int)(d % 100));
	return json_string(buf);
}

static json_t *rj_slot(int k)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%02d:%02d", k * REPORT_SLOT_MINUTES / 60 % 100,
		 k * REPORT_SLOT_MINUTES % 60);
	return json_string(buf);
}

static json_t *rj_names(const char (*text)[CONFIG_NAME_MAX], bool *ok)
{
	json_t *obj = json_object();

	rj_set(obj, "ja", json_string(text[LANG_JA]), ok);
	rj_set(obj, "en", json_string(text[LANG_EN][0] ? text[LANG_EN] : text[LANG_JA]), ok);
	return obj;
}

static json_t *rj_summary(struct report_series *s, bool *ok)
{
	struct report_summary sum;
	json_t *obj = json_object();

	report_summarise(s, &sum);
	rj_set(obj, "n", json_integer(sum.n), ok);
	rj_set(obj, "mean", rj_num(sum.mean, 1), ok);
	rj_set(obj, "median", rj_num(sum.median, 1), ok);
	rj_set(obj, "p90", rj_num(sum.p90, 1), ok);
	rj_set(obj, "max", rj_num(sum.max, 1), ok);
	return obj;
}

/* The figures of @row into @obj. */
static void rj_row(json_t *obj, struct report_row *row, int offset_min, bool *ok)
{
	json_t *res = json_object(), *band = json_object();
	char buf[40];

	rj_set(obj, "issued", json_integer(row->issued), ok);
	rj_set(obj, "called", json_integer(row->called), ok);
	rj_set(obj, "served", json_integer(row->served), ok);
	rj_set(obj, "no_show", json_integer(row->no_show), ok);
	rj_set(obj, "cancelled", json_integer(row->cancelled), ok);
	rj_set(obj, "closed_waiting", json_integer(row->closed_waiting), ok);
	rj_set(obj, "recalls", json_integer(row->recalls), ok);
	rj_set(obj, "wait", rj_summary(&row->wait, ok), ok);
	rj_set(obj, "service", rj_summary(&row->service, ok), ok);
	rj_set(obj, "over_target", json_integer(row->over_target), ok);
	rj_set(obj, "open_hours", rj_num(row->open_ms / MS_PER_HOUR, 2), ok);
	rj_set(obj, "busy_hours", rj_num(row->busy_ms / MS_PER_HOUR, 2), ok);
	rj_set(obj, "utilisation", rj_num(report_utilisation(row), 4), ok);
	rj_set(obj, "peak_occupancy", json_integer(row->peak_occupancy), ok);
	if (row->peak_at) {
		civil_iso8601(row->peak_at, offset_min, buf, sizeof(buf));
		rj_set(obj, "peak_at", json_string(buf), ok);
	} else {
		rj_set(obj, "peak_at", json_null(), ok);
	}
	rj_set(res, "booked", json_integer(row->res_booked), ok);
	rj_set(res, "kept", json_integer(row->res_kept), ok);
	rj_set(res, "missed", json_integer(row->res_missed), ok);
	rj_set(res, "cancelled", json_integer(row->res_cancelled), ok);
	rj_set(obj, "reservations", res, ok);
	rj_set(band, "n", json_integer(row->band_n), ok);
	rj_set(band, "inside", json_integer(row->band_in), ok);
	rj_set(band, "coverage", rj_num(row->band_n ? (double)row->band_in / row->band_n : NAN, 4),
	       ok);
	rj_set(band, "soon", json_integer(row->soon_n), ok);
	rj_set(band, "soon_late", json_integer(row->soon_late), ok);
	rj_set(obj, "band", band, ok);
	if (!obj)
		*ok = false;
}

static bool rj_row_active(const struct report_row *row)
{
	return row->issued || row->called || row->served || row->no_show || row->cancelled ||
	       row->closed_waiting || row->open_ms > 0 || row->peak_occupancy || row->res_booked;
}

static json_t *rj_skips(const struct reportfile_result *res, bool *ok)
{
	json_t *arr = json_array();

	for (int i = 0; i < res->n_skips; i++) {
		const struct reportfile_skip *sk = &res->skips[i];

		rj_push(arr,
			json_pack("{s:s, s:i, s:s}", "file", sk->file, "line", sk->line, "reason",
				  sk->reason),
			ok);
	}
	return arr;
}

json_t *reportjson_build(struct report *r, int32_t from, int32_t to,
			 const struct reportfile_result *res)
{
	const struct config *cfg = r->cfg;
	int off = cfg->utc_offset_minutes;
	json_t *doc = json_object(), *office = json_object(), *arr, *obj;
	bool ok = true;

	rj_set(doc, "from", rj_date(from), &ok);
	rj_set(doc, "to", rj_date(to), &ok);
	rj_set(office, "id", json_string(cfg->office_id), &ok);
	rj_set(office, "name", rj_names(cfg->office_name, &ok), &ok);
	rj_set(doc, "office", office, &ok);
	rj_set(doc, "target_wait", json_integer(r->target_minutes), &ok);
	rj_set(doc, "soon_late_minutes", json_integer(REPORT_SOON_LATE_MINUTES), &ok);
	rj_set(doc, "days_reported", json_integer(r->n_days), &ok);
	rj_set(doc, "files", json_integer(res->files), &ok);
	rj_set(doc, "lines", json_integer(res->lines), &ok);

	obj = json_object();
	rj_row(obj, &r->total, off, &ok);
	rj_set(doc, "total", obj, &ok);

	arr = json_array();
	for (int c = 0; c < cfg->n_categories; c++) {
		obj = json_object();
		rj_set(obj, "id", json_string(cfg->categories[c].id), &ok);
		rj_set(obj, "name", rj_names(cfg->categories[c].name, &ok), &ok);
		rj_row(obj, &r->categories[c], off, &ok);
		rj_push(arr, obj, &ok);
	}
	rj_set(doc, "categories", arr, &ok);

	arr = json_array();
	for (int w = 0; w < cfg->n_windows; w++) {
		obj = json_object();
		rj_set(obj, "id", json_string(cfg->windows[w].id), &ok);
		rj_set(obj, "label", rj_names(cfg->windows[w].label, &ok), &ok);
		rj_row(obj, &r->windows[w], off, &ok);
		rj_push(arr, obj, &ok);
	}
	rj_set(doc, "windows", arr, &ok);

	arr = json_array();
	for (int k = 0; k < REPORT_SLOTS; k++) {
		struct report_row *row = &r->slots[k];

		if (!rj_row_active(row))
			continue;
		obj = json_object();
		rj_set(obj, "slot", rj_slot(k), &ok);
		rj_set(obj, "windows_open",
		       rj_num(row->days ? row->open_ms / (row->days * REPORT_SLOT_MINUTES * 60000.0)
					: NAN,
			      2),
		       &ok);
		rj_row(obj, row, off, &ok);
		rj_push(arr, obj, &ok);
	}
	rj_set(doc, "half_hours", arr, &ok);

	arr = json_array();
	for (int i = 0; i < r->n_days; i++) {
		struct report_day *d = &r->days[i];

		obj = json_object();
		rj_set(obj, "date", rj_date(d->date), &ok);
		rj_set(obj, "weekday", json_integer(civil_weekday(d->date)), &ok);
		rj_set(obj, "closed_by_journal", json_boolean(d->closed_by_journal), &ok);
		rj_row(obj, &d->row, off, &ok);
		rj_push(arr, obj, &ok);
	}
	rj_set(doc, "days", arr, &ok);

	/* The week: issued per day and mean wait per weekday and half-hour, for the heat map. */
	arr = json_array();
	for (int wd = 0; wd < 7; wd++) {
		for (int k = 0; k < REPORT_SLOTS; k++) {
			struct report_row *row = &r->week[wd][k];
			struct report_summary s;

			if (!r->weekdays[wd] || !rj_row_active(row))
				continue;
			report_summarise(&row->wait, &s);
			rj_push(arr,
				json_pack("{s:i, s:o, s:i, s:i, s:o, s:o, s:i}", "weekday", wd,
					  "slot", rj_slot(k), "days", r->weekdays[wd], "issued",
					  row->issued, "issued_per_day",
					  rj_num((double)row->issued / r->weekdays[wd], 2),
					  "mean_wait", rj_num(s.mean, 1), "peak_occupancy",
					  row->peak_occupancy),
				&ok);
		}
	}
	rj_set(doc, "week", arr, &ok);

	rj_set(doc, "skipped", rj_skips(res, &ok), &ok);
	rj_set(doc, "skipped_total", json_integer(res->skipped), &ok);
	rj_set(doc, "refused", json_integer(r->refused), &ok);
	if (!ok || !doc) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

/* ---- CSV ---- */

struct rj_col {
	const char *ja; /* the header */
	const char *path; /* members of the row object, '.'-separated */
};

/* Key columns of each table, then (for the row tables) the figures. */
static const struct rj_col rj_row_cols[] = {
	{ "発券", "issued" },
	{ "呼出", "called" },
	{ "対応済", "served" },
	{ "不在", "no_show" },
	{ "取消", "cancelled" },
	{ "閉庁時待ち", "closed_waiting" },
	{ "再呼出", "recalls" },
	{ "平均待ち（分）", "wait.mean" },
	{ "待ち中央値（分）", "wait.median" },
	{ "待ち90%点（分）", "wait.p90" },
	{ "最大待ち（分）", "wait.max" },
	{ "平均対応時間（分）", "service.mean" },
	{ "対応時間中央値（分）", "service.median" },
	{ "対応時間90%点（分）", "service.p90" },
	{ "目標超過", "over_target" },
	{ "窓口開設（時間）", "open_hours" },
	{ "稼働率", "utilisation" },
	{ "最大在室人数", "peak_occupancy" },
	{ "予約", "reservations.booked" },
	{ "予約来庁", "reservations.kept" },
	{ "予約不来庁", "reservations.missed" },
	{ "予約取消", "reservations.cancelled" },
	{ "予測帯あり", "band.n" },
	{ "予測帯内", "band.inside" },
	{ "的中率", "band.coverage" },
	{ "まもなく表示", "band.soon" },
	{ "まもなく後10分超", "band.soon_late" },
	{ NULL, NULL },
};

static const struct rj_col rj_summary_keys[] = {
	{ "開始日", "from" }, { "終了日", "to" }, { "日数", "days_reported" }, { NULL, NULL }
};
static const struct rj_col rj_category_keys[] = { { "区分", "id" },
						  { "名称", "name.ja" },
						  { NULL, NULL } };
static const struct rj_col rj_window_keys[] = { { "窓口", "id" },
						{ "名称", "label.ja" },
						{ NULL, NULL } };
static const struct rj_col rj_slot_keys[] = { { "時間帯", "slot" },
					      { "平均開設窓口数", "windows_open" },
					      { NULL, NULL } };
static const struct rj_col rj_day_keys[] = { { "日付", "date" },
					     { "曜日", "weekday" },
					     { "閉庁記録あり", "closed_by_journal" },
					     { NULL, NULL } };
static const struct rj_col rj_week_cols[] = {
	{ "曜日", "weekday" },
	{ "時間帯", "slot" },
	{ "日数", "days" },
	{ "発券", "issued" },
	{ "1日あたり発券", "issued_per_day" },
	{ "平均待ち（分）", "mean_wait" },
	{ "最大在室人数", "peak_occupancy" },
	{ NULL, NULL },
};
static const struct rj_col rj_skip_cols[] = {
	{ "ファイル", "file" }, { "行", "line" }, { "理由", "reason" }, { NULL, NULL }
};

static const struct {
	const char *name;
	const char *member; /* the array in the document; NULL = the document itself */
	const struct rj_col *keys;
	bool figures; /* followed by rj_row_cols */
} rj_tables[] = {
	{ "summary", NULL, rj_summary_keys, true },
	{ "categories", "categories", rj_category_keys, true },
	{ "windows", "windows", rj_window_keys, true },
	{ "half_hours", "half_hours", rj_slot_keys, true },
	{ "days", "days", rj_day_keys, true },
	{ "week", "week", rj_week_cols, false },
	{ "skipped", "skipped", rj_skip_cols, false },
};

bool reportjson_table_ok(const char *name)
{
	for (size_t i = 0; i < sizeof(rj_tables) / sizeof(rj_tables[0]); i++) {
		if (!strcmp(name, rj_tables[i].name))
			return true;
	}
	return false;
}

struct rj_buf {
	char *s;
	size_t len, cap;
	bool failed;
};

static void rj_put(struct rj_buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *ns;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (cap > CSV_MAX) {
			b->failed = true;
			return;
		}
		ns = realloc(b->s, cap);
		if (!ns) {
			b->failed = true;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void rj_puts(struct rj_buf *b, const char *s)
{
	rj_put(b, s, strlen(s));
}

/* A field, quoted when it holds a comma, a quote or a line end. */
static void rj_field(struct rj_buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		rj_puts(b, s);
		return;
	}
	rj_puts(b, "\"");
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			rj_puts(b, "\"");
		rj_put(b, p, 1);
	}
	rj_puts(b, "\"");
}

static const json_t *rj_get(const json_t *obj, const char *path)
{
	char key[64];

	while (obj && *path) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);

		if (n >= sizeof(key))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		obj = json_object_get(obj, key);
		path += n + (dot ? 1 : 0);
	}
	return obj;
}

static void rj_value(struct rj_buf *b, const json_t *v)
{
	char buf[64];

	if (json_is_string(v)) {
		rj_field(b, json_string_value(v));
	} else if (json_is_integer(v)) {
		snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
		rj_puts(b, buf);
	} else if (json_is_real(v)) {
		snprintf(buf, sizeof(buf), "%.10g", json_real_value(v));
		rj_puts(b, buf);
	} else if (json_is_boolean(v)) {
		rj_puts(b, json_is_true(v) ? "1" : "0");
	}
}

static void rj_line(struct rj_buf *b, const json_t *row, const struct rj_col *keys, bool figures,
		    bool header)
{
	bool first = true;

	for (int pass = 0; pass < (figures ? 2 : 1); pass++) {
		const struct rj_col *cols = pass ? rj_row_cols : keys;

		for (; cols->ja; cols++) {
			if (!first)
				rj_puts(b, ",");
			first = false;
			if (header)
				rj_field(b, cols->ja);
			else
				rj_value(b, rj_get(row, cols->path));
		}
	}
	rj_puts(b, "\r\n");
}

char *reportjson_csv(const json_t *doc, const char *table, size_t *len)
{
	struct rj_buf b = { 0 };

	for (size_t i = 0; i < sizeof(rj_tables) / sizeof(rj_tables[0]); i++) {
		const json_t *rows, *row;
		size_t k;

		if (strcmp(table, rj_tables[i].name))
			continue;
		rj_puts(&b, "\xEF\xBB\xBF");
		rj_line(&b, NULL, rj_tables[i].keys, rj_tables[i].figures, true);
		if (!rj_tables[i].member) {
			/* The summary: the range's keys with the totals' figures. */
			json_t *row1 = json_deep_copy(json_object_get(doc, "total"));

			if (!row1 || json_object_update(row1, (json_t *)doc) < 0) {
				json_decref(row1);
				free(b.s);
				return NULL;
			}
			rj_line(&b, row1, rj_tables[i].keys, true, false);
			json_decref(row1);
		} else {
			rows = json_object_get(doc, rj_tables[i].member);
			json_array_foreach(rows, k, row)
			{
				rj_line(&b, row, rj_tables[i].keys, rj_tables[i].figures, false);
			}
		}
		if (b.failed) {
			free(b.s);
			return NULL;
		}
		*len = b.len;
		return b.s;
	}
	return NULL;
}
