/* SPDX-License-Identifier: MIT */
#include "display/status.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/civil.h"

struct status_ctx {
	char *err;
	size_t err_size;
};

__attribute__((format(printf, 3, 4))) static int status_fail(struct status_ctx *c, const char *path,
							     const char *fmt, ...)
{
	char msg[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->err_size, "%s: %s", path, msg);
	return -1;
}

/* Copies string member @key of @obj (path @path) into @dst; null allowed when @nullable. */
static int status_str(struct status_ctx *c, json_t *obj, const char *path, const char *key,
		      char *dst, size_t size, bool nullable)
{
	char p[160];
	json_t *v = json_object_get(obj, key);

	snprintf(p, sizeof(p), "%s.%s", path, key);
	dst[0] = '\0';
	if (!v)
		return status_fail(c, p, "missing");
	if (json_is_null(v) && nullable)
		return 0;
	if (!json_is_string(v))
		return status_fail(c, p, "must be a string");
	if (json_string_length(v) >= size)
		return status_fail(c, p, "longer than %zu bytes", size - 1);
	memcpy(dst, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

static int status_int(struct status_ctx *c, json_t *obj, const char *path, const char *key,
		      int64_t min, int64_t max, int64_t *out, bool nullable)
{
	char p[160];
	json_t *v = json_object_get(obj, key);

	snprintf(p, sizeof(p), "%s.%s", path, key);
	if (!v)
		return status_fail(c, p, "missing");
	if (json_is_null(v) && nullable) {
		*out = -1;
		return 0;
	}
	if (!json_is_integer(v))
		return status_fail(c, p, "must be an integer");
	if (json_integer_value(v) < min || json_integer_value(v) > max)
		return status_fail(c, p, "must be between %lld and %lld", (long long)min,
				   (long long)max);
	*out = json_integer_value(v);
	return 0;
}

static int status_bool(struct status_ctx *c, json_t *obj, const char *path, const char *key,
		       bool *out)
{
	char p[160];
	json_t *v = json_object_get(obj, key);

	snprintf(p, sizeof(p), "%s.%s", path, key);
	if (!json_is_boolean(v))
		return status_fail(c, p, v ? "must be true or false" : "missing");
	*out = json_is_true(v);
	return 0;
}

/* Parses the UTC offset at the end of an ISO 8601 time: "+09:00" -> 540. */
static int status_offset(const char *s)
{
	size_t n = strlen(s);

	if (n > 0 && s[n - 1] == 'Z')
		return 0;
	if (n < 6 || (s[n - 6] != '+' && s[n - 6] != '-') || s[n - 3] != ':')
		return 0;
	int m = ((s[n - 5] - '0') * 10 + (s[n - 4] - '0')) * 60 + (s[n - 2] - '0') * 10 +
		(s[n - 1] - '0');
	return s[n - 6] == '-' ? -m : m;
}

static int status_time(struct status_ctx *c, json_t *obj, const char *path, const char *key,
		       int64_t *ms, int *offset)
{
	char s[40], p[160];

	if (status_str(c, obj, path, key, s, sizeof(s), false) < 0)
		return -1;
	snprintf(p, sizeof(p), "%s.%s", path, key);
	if (civil_parse_iso8601(s, ms) < 0)
		return status_fail(c, p, "not an ISO 8601 time");
	if (offset)
		*offset = status_offset(s);
	return 0;
}

/* Text per language: an object of language code to string, "ja" required. */
static int status_lang_text(struct status_ctx *c, json_t *obj, const char *path, const char *key,
			    char *dst, size_t stride, size_t size, bool nullable)
{
	char p[160];
	json_t *v = json_object_get(obj, key);
	const char *code;
	json_t *t;

	snprintf(p, sizeof(p), "%s.%s", path, key);
	memset(dst, 0, stride * LANG_COUNT);
	if (!v)
		return status_fail(c, p, "missing");
	if (json_is_null(v) && nullable)
		return 0;
	if (!json_is_object(v))
		return status_fail(c, p, "must be an object of language code to text");
	json_object_foreach(v, code, t)
	{
		int l = lang_from_code(code);

		if (l < 0)
			continue; /* a language this sign does not know */
		if (status_str(c, v, p, code, dst + stride * (size_t)l, size, false) < 0)
			return -1;
	}
	if (!nullable && dst[0] == '\0')
		return status_fail(c, p, "has no \"ja\" text");
	return 0;
}

static int status_hours_parse(struct status_ctx *c, json_t *obj, const char *path, const char *key,
			      struct status_hours *h, bool with_date)
{
	char p[160], date[16];
	json_t *v = json_object_get(obj, key);

	snprintf(p, sizeof(p), "%s.%s", path, key);
	memset(h, 0, sizeof(*h));
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return status_fail(c, p, "must be an object or null");
	if (status_str(c, v, p, "open", h->open, sizeof(h->open), false) < 0 ||
	    status_str(c, v, p, "close", h->close, sizeof(h->close), false) < 0)
		return -1;
	if (with_date) {
		if (status_str(c, v, p, "date", date, sizeof(date), false) < 0)
			return -1;
		if (civil_parse_date(date, &h->date) < 0) {
			char dp[176];

			snprintf(dp, sizeof(dp), "%s.date", p);
			return status_fail(c, dp, "must be a date YYYY-MM-DD (years 1000 to 9999)");
		}
	}
	h->set = true;
	return 0;
}

static int status_day_parse(struct status_ctx *c, json_t *v, struct status_day *day)
{
	static const char *const kinds[] = { "weekly", "special", "holiday", "year_end" };
	const char *p = "$.service.today";
	char kind[16];
	int64_t wd;
	json_t *h;

	memset(day, 0, sizeof(*day));
	if (!json_is_object(v))
		return status_fail(c, p, "must be an object or null");
	if (status_str(c, v, p, "kind", kind, sizeof(kind), false) < 0 ||
	    status_int(c, v, p, "weekday", 0, 6, &wd, false) < 0)
		return -1;
	day->kind = (enum status_day_kind) - 1;
	for (int i = 0; i < 4; i++) {
		if (strcmp(kind, kinds[i]) == 0)
			day->kind = (enum status_day_kind)i;
	}
	if ((int)day->kind < 0)
		return status_fail(c, "$.service.today.kind",
				   "must be weekly, special, holiday or year_end");
	day->weekday = (int)wd;
	h = json_object_get(v, "holiday");
	if (h && !json_is_null(h)) {
		if (!json_is_object(h))
			return status_fail(c, "$.service.today.holiday",
					   "must be an object or null");
		if (status_str(c, h, "$.service.today.holiday", "ja", day->holiday_ja,
			       sizeof(day->holiday_ja), false) < 0 ||
		    status_str(c, h, "$.service.today.holiday", "en", day->holiday_en,
			       sizeof(day->holiday_en), false) < 0)
			return -1;
	}
	day->set = true;
	return 0;
}

static int status_category_parse(struct status_ctx *c, json_t *v, const char *p,
				 struct status_category *cat)
{
	int64_t n;
	json_t *wait, *level;
	char wp[160];

	if (!json_is_object(v))
		return status_fail(c, p, "must be an object");
	if (status_str(c, v, p, "id", cat->id, sizeof(cat->id), false) < 0 ||
	    status_lang_text(c, v, p, "name", cat->name.t[0], STATUS_NAME_MAX, STATUS_NAME_MAX,
			     false) < 0 ||
	    status_int(c, v, p, "waiting", 0, 100000, &n, false) < 0)
		return -1;
	cat->waiting = (int)n;
	snprintf(wp, sizeof(wp), "%s.wait", p);
	wait = json_object_get(v, "wait");
	if (!json_is_object(wait))
		return status_fail(c, wp, wait ? "must be an object" : "missing");
	if (status_int(c, wait, wp, "median", 0, 100000, &n, true) < 0)
		return -1;
	cat->wait_median = (int)n;
	if (status_int(c, wait, wp, "low", 0, 100000, &n, true) < 0)
		return -1;
	cat->wait_low = (int)n;
	if (status_int(c, wait, wp, "high", 0, 100000, &n, true) < 0)
		return -1;
	cat->wait_high = (int)n;
	if (status_bool(c, wait, wp, "soon", &cat->soon) < 0)
		return -1;
	snprintf(wp, sizeof(wp), "%s.level", p);
	level = json_object_get(v, "level");
	if (!json_is_object(level))
		return status_fail(c, wp, level ? "must be an object" : "missing");
	if (status_int(c, level, wp, "value", 0, 3, &n, false) < 0)
		return -1;
	cat->level = (int)n;
	return 0;
}

static int status_window_parse(struct status_ctx *c, json_t *v, const char *p,
			       struct status_window *w)
{
	char state[16];
	int64_t n;

	if (!json_is_object(v))
		return status_fail(c, p, "must be an object");
	if (status_str(c, v, p, "id", w->id, sizeof(w->id), false) < 0 ||
	    status_lang_text(c, v, p, "label", w->label.t[0], STATUS_NAME_MAX, STATUS_NAME_MAX,
			     false) < 0 ||
	    status_bool(c, v, p, "open", &w->open) < 0 ||
	    status_str(c, v, p, "ticket", w->ticket, sizeof(w->ticket), true) < 0 ||
	    status_str(c, v, p, "state", state, sizeof(state), true) < 0)
		return -1;
	w->serving = strcmp(state, "serving") == 0;
	if (w->ticket[0] && !w->serving && strcmp(state, "called") != 0) {
		char sp[160];

		snprintf(sp, sizeof(sp), "%s.state", p);
		return status_fail(c, sp, "must be \"called\" or \"serving\"");
	}
	if (json_object_get(v, "recalls")) {
		if (status_int(c, v, p, "recalls", 0, 1000, &n, false) < 0)
			return -1;
		w->recalls = (int)n;
	}
	return 0;
}

static int status_call_parse(struct status_ctx *c, json_t *v, const char *p,
			     struct status_call *call)
{
	if (!json_is_object(v))
		return status_fail(c, p, "must be an object");
	if (status_int(c, v, p, "seq", 0, INT64_MAX, &call->seq, false) < 0 ||
	    status_str(c, v, p, "ticket", call->ticket, sizeof(call->ticket), false) < 0 ||
	    status_str(c, v, p, "window", call->window, sizeof(call->window), false) < 0 ||
	    status_time(c, v, p, "at", &call->at, NULL) < 0 ||
	    status_bool(c, v, p, "recall", &call->recall) < 0)
		return -1;
	return 0;
}

/* Parses array member @key with at most @max items, calling @item on each. */
#define STATUS_ARRAY(c, root, key, max, count, item, arr)                                   \
	do {                                                                                \
		json_t *a_ = json_object_get(root, key);                                    \
		size_t i_;                                                                  \
		json_t *v_;                                                                 \
		if (!json_is_array(a_)) {                                                   \
			rc = status_fail(c, "$." key, a_ ? "must be an array" : "missing"); \
			break;                                                              \
		}                                                                           \
		if (json_array_size(a_) > (max)) {                                          \
			rc = status_fail(c, "$." key, "more than %d items", (int)(max));    \
			break;                                                              \
		}                                                                           \
		json_array_foreach(a_, i_, v_)                                              \
		{                                                                           \
			char p_[64];                                                        \
			snprintf(p_, sizeof(p_), "$.%s[%zu]", key, i_);                     \
			rc = item(c, v_, p_, &(arr)[i_]);                                   \
			if (rc < 0)                                                         \
				break;                                                      \
		}                                                                           \
		(count) = (int)json_array_size(a_);                                         \
	} while (0)

/*
 * "printer" and "kiosk" (null or absent when there is none): the worst
 * printer problem and the call for staff. Unknown problem codes, from a
 * newer daemon, are left out.
 */
static int status_kiosk_parse(struct status_ctx *c, json_t *root, struct status *st)
{
	static const char *const codes[STATUS_PRINTER_COUNT] = {
		[STATUS_PRINTER_PAPER_OUT] = "paper_out",
		[STATUS_PRINTER_COVER_OPEN] = "cover_open",
		[STATUS_PRINTER_ERROR] = "error",
		[STATUS_PRINTER_OFFLINE] = "offline",
		[STATUS_PRINTER_UNREACHABLE] = "unreachable",
		[STATUS_PRINTER_NO_REPORT] = "no_report",
		[STATUS_PRINTER_PAPER_NEAR_END] = "paper_near_end",
	};
	json_t *printer = json_object_get(root, "printer");
	json_t *kiosk = json_object_get(root, "kiosk");
	json_t *problems, *v;
	size_t i;

	if (printer && !json_is_null(printer)) {
		problems = json_is_object(printer) ? json_object_get(printer, "problems") : NULL;
		if (!json_is_array(problems))
			return status_fail(c, "$.printer.problems", "must be an array");
		json_array_foreach(problems, i, v)
		{
			for (int p = STATUS_PRINTER_PAPER_OUT; p < STATUS_PRINTER_COUNT; p++) {
				if (json_is_string(v) && !strcmp(json_string_value(v), codes[p]) &&
				    (st->printer == STATUS_PRINTER_OK || p < (int)st->printer))
					st->printer = (enum status_printer)p;
			}
		}
	}
	if (kiosk && !json_is_null(kiosk)) {
		v = json_is_object(kiosk) ? json_object_get(kiosk, "help") : NULL;
		if (!json_is_boolean(v))
			return status_fail(c, "$.kiosk.help", "must be true or false");
		st->kiosk_help = json_is_true(v);
	}
	return 0;
}

static int status_root_parse(struct status_ctx *c, json_t *root, struct status *st)
{
	char s[32];
	int64_t n;
	json_t *v, *svc;
	int rc = 0;

	if (!json_is_object(root))
		return status_fail(c, "$", "must be an object");
	if (status_int(c, root, "$", "version", 1, 1, &n, false) < 0 ||
	    status_int(c, root, "$", "seq", 0, INT64_MAX, &st->seq, false) < 0 ||
	    status_time(c, root, "$", "generated_at", &st->generated_at, &st->utc_offset_min) < 0)
		return -1;
	v = json_object_get(root, "office");
	if (!json_is_object(v))
		return status_fail(c, "$.office", v ? "must be an object" : "missing");
	if (status_lang_text(c, v, "$.office", "name", st->office.t[0], STATUS_NAME_MAX,
			     STATUS_NAME_MAX, false) < 0)
		return -1;

	v = json_object_get(root, "languages");
	st->languages[0] = LANG_JA;
	st->n_languages = 1;
	if (v && !json_is_array(v))
		return status_fail(c, "$.languages", "must be an array");
	for (size_t i = 0; v && i < json_array_size(v); i++) {
		json_t *l = json_array_get(v, i);
		int code = json_is_string(l) ? lang_from_code(json_string_value(l)) : -1;
		bool seen = false;

		if (code < 0)
			continue; /* a language this sign has no locale for */
		for (int k = 0; k < st->n_languages; k++)
			seen = seen || st->languages[k] == (enum lang)code;
		if (!seen)
			st->languages[st->n_languages++] = (enum lang)code;
	}

	svc = json_object_get(root, "service");
	if (!json_is_object(svc))
		return status_fail(c, "$.service", svc ? "must be an object" : "missing");
	if (status_str(c, svc, "$.service", "status", s, sizeof(s), false) < 0)
		return -1;
	if (strcmp(s, "open") == 0)
		st->service = STATUS_SERVICE_OPEN;
	else if (strcmp(s, "closed") == 0)
		st->service = STATUS_SERVICE_CLOSED;
	else if (strcmp(s, "suspended") == 0)
		st->service = STATUS_SERVICE_SUSPENDED;
	else
		return status_fail(c, "$.service.status", "must be open, closed or suspended");
	if (json_object_get(svc, "day") && !json_is_null(json_object_get(svc, "day"))) {
		if (status_str(c, svc, "$.service", "day", s, sizeof(s), false) < 0)
			return -1;
		if (civil_parse_date(s, &st->day) < 0)
			return status_fail(c, "$.service.day",
					   "must be a date YYYY-MM-DD (years 1000 to 9999)");
	}
	if (json_object_get(svc, "notice") &&
	    status_lang_text(c, svc, "$.service", "notice", st->notice.t[0], STATUS_TEXT_MAX,
			     STATUS_TEXT_MAX, true) < 0)
		return -1;
	v = json_object_get(svc, "hours");
	if (v && !json_is_null(v)) {
		if (!json_is_object(v))
			return status_fail(c, "$.service.hours", "must be an object");
		if (status_hours_parse(c, v, "$.service.hours", "today", &st->today, false) < 0 ||
		    status_hours_parse(c, v, "$.service.hours", "next", &st->next, true) < 0)
			return -1;
	}

	v = json_object_get(svc, "today");
	if (v && !json_is_null(v) && status_day_parse(c, v, &st->today_info) < 0)
		return -1;

	STATUS_ARRAY(c, root, "categories", STATUS_MAX_CATEGORIES, st->n_categories,
		     status_category_parse, st->categories);
	if (rc < 0)
		return -1;
	STATUS_ARRAY(c, root, "windows", STATUS_MAX_WINDOWS, st->n_windows, status_window_parse,
		     st->windows);
	if (rc < 0)
		return -1;
	STATUS_ARRAY(c, root, "calls", STATUS_MAX_CALLS, st->n_calls, status_call_parse, st->calls);
	if (rc < 0)
		return -1;

	v = json_object_get(root, "level");
	if (json_is_object(v)) {
		if (status_int(c, v, "$.level", "value", 0, 3, &n, false) < 0)
			return -1;
		st->level = (int)n;
	}
	v = json_object_get(root, "clock_set");
	if (v && !json_is_boolean(v))
		return status_fail(c, "$.clock_set", "must be true or false");
	st->clock_unset = json_is_false(v);
	if (json_object_get(root, "status_page_url") &&
	    status_str(c, root, "$", "status_page_url", st->status_page_url,
		       sizeof(st->status_page_url), true) < 0)
		return -1;
	return status_kiosk_parse(c, root, st);
}

int status_parse(const char *buf, size_t len, struct status *st, char *err, size_t err_size)
{
	struct status_ctx c = { err, err_size };
	json_error_t jerr;
	json_t *root;
	int rc;

	if (len > STATUS_MAX_SIZE)
		return status_fail(&c, "$", "document larger than 512 KiB");
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		snprintf(err, err_size, "line %d column %d: %s", jerr.line, jerr.column, jerr.text);
		return -1;
	}
	memset(st, 0, sizeof(*st));
	rc = status_root_parse(&c, root, st);
	json_decref(root);
	return rc;
}

int status_window_find(const struct status *st, const char *id)
{
	for (int i = 0; i < st->n_windows; i++) {
		if (strcmp(st->windows[i].id, id) == 0)
			return i;
	}
	return -1;
}
