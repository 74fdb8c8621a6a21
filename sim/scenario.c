/* SPDX-License-Identifier: MIT */
#include "sim/scenario.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/civil.h"

#define PATH_MAX_LEN 128

/* snprintf that may truncate: paths and names are capped on purpose. */
static void put(char *dst, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void put(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dst, size, fmt, ap);
	va_end(ap);
}

struct parser {
	const char *file;
	struct sim_errors *errs;
};

static void perr(struct parser *p, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void perr(struct parser *p, const char *path, const char *fmt, ...)
{
	char msg[192];
	va_list ap;

	if (p->errs->n >= SIM_MAX_ERRORS) {
		p->errs->dropped++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	put(p->errs->e[p->errs->n++], sizeof(p->errs->e[0]), "%s: %s: %s", p->file, path, msg);
}

static void join(char *out, const char *path, const char *key)
{
	put(out, PATH_MAX_LEN, "%s.%s", path, key);
}

static void join_index(char *out, const char *path, size_t i)
{
	put(out, PATH_MAX_LEN, "%s[%zu]", path, i);
}

/* Reports every key of @obj that is not in @keys (NULL-terminated). */
static void check_keys(struct parser *p, json_t *obj, const char *path, const char *const *keys)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v)
	{
		bool known = false;

		for (const char *const *k = keys; *k; k++) {
			if (strcmp(*k, key) == 0)
				known = true;
		}
		if (!known) {
			char sub[PATH_MAX_LEN];

			join(sub, path, key);
			perr(p, sub, "unknown key");
		}
	}
}

/* An object member that must be an object, or NULL when absent. */
static json_t *get_object(struct parser *p, json_t *obj, const char *path, const char *key)
{
	json_t *v = json_object_get(obj, key);
	char sub[PATH_MAX_LEN];

	if (!v)
		return NULL;
	if (!json_is_object(v)) {
		join(sub, path, key);
		perr(p, sub, "must be an object");
		return NULL;
	}
	return v;
}

static double get_number(struct parser *p, json_t *obj, const char *path, const char *key,
			 double min, double max, double def)
{
	json_t *v = obj ? json_object_get(obj, key) : NULL;
	char sub[PATH_MAX_LEN];
	double x;

	if (!v)
		return def;
	join(sub, path, key);
	if (!json_is_number(v)) {
		perr(p, sub, "must be a number");
		return def;
	}
	x = json_number_value(v);
	if (!(x >= min && x <= max)) {
		perr(p, sub, "%g is outside %g..%g", x, min, max);
		return def;
	}
	return x;
}

static bool get_bool(struct parser *p, json_t *obj, const char *path, const char *key, bool def)
{
	json_t *v = obj ? json_object_get(obj, key) : NULL;
	char sub[PATH_MAX_LEN];

	if (!v)
		return def;
	if (!json_is_boolean(v)) {
		join(sub, path, key);
		perr(p, sub, "must be true or false");
		return def;
	}
	return json_is_true(v);
}

/* Copies a string member into @buf; returns false when absent or bad. */
static bool get_string(struct parser *p, json_t *obj, const char *path, const char *key, char *buf,
		       size_t size, bool required)
{
	json_t *v = obj ? json_object_get(obj, key) : NULL;
	char sub[PATH_MAX_LEN];

	join(sub, path, key);
	if (!v) {
		if (required)
			perr(p, sub, "is missing");
		return false;
	}
	if (!json_is_string(v)) {
		perr(p, sub, "must be a string");
		return false;
	}
	if (json_string_length(v) >= size) {
		perr(p, sub, "is longer than %zu bytes", size - 1);
		return false;
	}
	snprintf(buf, size, "%s", json_string_value(v));
	return true;
}

/* "HH:MM" from 00:00 to 24:00 as minutes; -1 when it is not. */
static int parse_hhmm(const char *s)
{
	char *end;
	long h, m;

	errno = 0;
	h = strtol(s, &end, 10);
	if (errno || end == s || end - s > 2 || *end != ':')
		return -1;
	s = end + 1;
	m = strtol(s, &end, 10);
	if (errno || end - s != 2 || *end || h < 0 || m < 0 || m > 59 || h * 60 + m > 1440)
		return -1;
	return (int)(h * 60 + m);
}

static int time_value(struct parser *p, json_t *v, const char *path)
{
	int t = json_is_string(v) ? parse_hhmm(json_string_value(v)) : -1;

	if (t < 0)
		perr(p, path, "must be a time \"HH:MM\" from 00:00 to 24:00");
	return t;
}

static int get_time(struct parser *p, json_t *obj, const char *path, const char *key, int def,
		    bool required)
{
	json_t *v = obj ? json_object_get(obj, key) : NULL;
	char sub[PATH_MAX_LEN];
	int t;

	join(sub, path, key);
	if (!v) {
		if (required)
			perr(p, sub, "is missing");
		return def;
	}
	t = time_value(p, v, sub);
	return t < 0 ? def : t;
}

/* [["08:30", 1.0], ["10:00", 1.5], ...]: times increasing, weights >= 0. */
static void parse_profile(struct parser *p, json_t *v, const char *path, struct sim_profile *out)
{
	size_t i;
	json_t *pt;

	out->n = 0;
	if (!json_is_array(v) || json_array_size(v) < 2) {
		perr(p, path, "must be an array of at least 2 [\"HH:MM\", weight] points");
		return;
	}
	if (json_array_size(v) > SIM_MAX_PROFILE) {
		perr(p, path, "has more than %d points", SIM_MAX_PROFILE);
		return;
	}
	json_array_foreach(v, i, pt)
	{
		char sub[PATH_MAX_LEN], sub1[PATH_MAX_LEN];
		json_t *w;
		int t;

		join_index(sub, path, i);
		if (!json_is_array(pt) || json_array_size(pt) != 2) {
			perr(p, sub, "must be a pair [\"HH:MM\", weight]");
			continue;
		}
		join_index(sub1, sub, 0);
		t = time_value(p, json_array_get(pt, 0), sub1);
		join_index(sub1, sub, 1);
		w = json_array_get(pt, 1);
		if (!json_is_number(w) || json_number_value(w) < 0 || json_number_value(w) > 1e6) {
			perr(p, sub1, "must be a weight from 0 to 1e6");
			continue;
		}
		if (t < 0)
			continue;
		if (out->n > 0 && t <= out->minute[out->n - 1]) {
			perr(p, sub1, "times must increase");
			continue;
		}
		out->minute[out->n] = t;
		out->weight[out->n] = json_number_value(w);
		out->n++;
	}
}

static void parse_timezone(struct parser *p, json_t *root, struct config *cfg)
{
	char tz[16] = "+09:00";
	int m;

	get_string(p, root, "$", "timezone", tz, sizeof(tz), false);
	m = (tz[0] == '+' || tz[0] == '-') ? parse_hhmm(tz + 1) : -1;
	if (m < 0 || m > 14 * 60) {
		perr(p, "$.timezone", "must be an offset like \"+09:00\"");
		m = 540;
	}
	cfg->utc_offset_minutes = tz[0] == '-' ? -m : m;
}

static void parse_date(struct parser *p, json_t *root, struct sim_scenario *sc)
{
	char s[16] = "2026-11-24";
	char *end;
	long y, mo, d;

	get_string(p, root, "$", "start", s, sizeof(s), false);
	errno = 0;
	y = strtol(s, &end, 10);
	if (errno || end != s + 4 || *end != '-')
		goto bad;
	mo = strtol(s + 5, &end, 10);
	if (errno || end != s + 7 || *end != '-')
		goto bad;
	d = strtol(s + 8, &end, 10);
	if (errno || end != s + 10 || *end || y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > 31)
		goto bad;
	sc->start = (int32_t)(y * 10000 + mo * 100 + d);
	return;
bad:
	perr(p, "$.start", "must be a date \"YYYY-MM-DD\"");
	sc->start = 20261124;
}

static void parse_weekdays(struct parser *p, json_t *root, struct sim_scenario *sc)
{
	json_t *v = json_object_get(root, "weekdays"), *d;
	size_t i;

	for (int k = 0; k < 7; k++)
		sc->weekdays[k] = k >= 1 && k <= 5;
	if (!v)
		return;
	if (!json_is_array(v) || json_array_size(v) == 0) {
		perr(p, "$.weekdays", "must be a non-empty array of weekdays 0 (Sunday) to 6");
		return;
	}
	memset(sc->weekdays, 0, sizeof(sc->weekdays));
	json_array_foreach(v, i, d)
	{
		char sub[PATH_MAX_LEN];

		join_index(sub, "$.weekdays", i);
		if (!json_is_integer(d) || json_integer_value(d) < 0 || json_integer_value(d) > 6)
			perr(p, sub, "must be a weekday 0 (Sunday) to 6");
		else
			sc->weekdays[json_integer_value(d)] = true;
	}
}

static void parse_weekday_factor(struct parser *p, json_t *root, struct sim_scenario *sc)
{
	json_t *v = json_object_get(root, "weekday_factor"), *f;
	size_t i;

	for (int k = 0; k < 7; k++)
		sc->weekday_factor[k] = 1.0;
	if (!v)
		return;
	if (!json_is_array(v) || json_array_size(v) != 7) {
		perr(p, "$.weekday_factor", "must be an array of 7 factors, Sunday first");
		return;
	}
	json_array_foreach(v, i, f)
	{
		char sub[PATH_MAX_LEN];

		join_index(sub, "$.weekday_factor", i);
		if (!json_is_number(f) || json_number_value(f) < 0 || json_number_value(f) > 100)
			perr(p, sub, "must be a factor from 0 to 100");
		else
			sc->weekday_factor[i] = json_number_value(f);
	}
}

static void parse_category(struct parser *p, json_t *v, const char *path, struct sim_scenario *sc,
			   int c)
{
	static const char *const keys[] = { "id",
					    "name",
					    "name_en",
					    "prefix",
					    "first",
					    "last",
					    "per_day",
					    "profile",
					    "service",
					    "no_show",
					    "patience",
					    "cancel",
					    "reservations_per_day",
					    "prior_minutes",
					    NULL };
	static const char *const service_keys[] = { "dist", "mean", "cv", "long", NULL };
	static const char *const long_keys[] = { "share", "mean", "cv", NULL };
	struct config_category *cc = &sc->cfg.categories[c];
	struct sim_category *sim = &sc->cat[c];
	char sub[PATH_MAX_LEN], dist[16] = "lognormal";
	json_t *svc, *prof;

	if (!json_is_object(v)) {
		perr(p, path, "must be an object");
		return;
	}
	check_keys(p, v, path, keys);
	get_string(p, v, path, "id", cc->id, sizeof(cc->id), true);
	if (!get_string(p, v, path, "name", cc->name[LANG_JA], sizeof(cc->name[0]), false))
		put(cc->name[LANG_JA], sizeof(cc->name[0]), "%s", cc->id);
	get_string(p, v, path, "name_en", cc->name[LANG_EN], sizeof(cc->name[0]), false);
	if (!get_string(p, v, path, "prefix", cc->prefix, sizeof(cc->prefix), false))
		put(cc->prefix, sizeof(cc->prefix), "%.5s-", cc->id);
	cc->digits = 3;
	cc->first = (int)get_number(p, v, path, "first", 0, 999999, 1);
	cc->last = (int)get_number(p, v, path, "last", 0, 999999, 999);
	if (cc->last < cc->first)
		perr(p, path, "last %d is below first %d", cc->last, cc->first);
	if (cc->last >= 1000)
		cc->digits = cc->last >= 100000 ? 6 : cc->last >= 10000 ? 5 : 4;

	sim->per_day = get_number(p, v, path, "per_day", 0, 5000, 0);
	prof = json_object_get(v, "profile");
	if (prof) {
		join(sub, path, "profile");
		parse_profile(p, prof, sub, &sim->profile);
		sim->has_profile = true;
	}
	svc = get_object(p, v, path, "service");
	join(sub, path, "service");
	if (!svc) {
		perr(p, sub, "is missing");
	} else {
		check_keys(p, svc, sub, service_keys);
		sim->service_mean = get_number(p, svc, sub, "mean", 0.01, 1440, 5);
		sim->service_cv = get_number(p, svc, sub, "cv", 0, 10, 1);
		get_string(p, svc, sub, "dist", dist, sizeof(dist), false);
		json_t *lg = get_object(p, svc, sub, "long");

		if (lg) {
			char sub2[PATH_MAX_LEN];

			join(sub2, sub, "long");
			check_keys(p, lg, sub2, long_keys);
			sim->long_share = get_number(p, lg, sub2, "share", 0, 1, 0);
			sim->long_mean = get_number(p, lg, sub2, "mean", 0.01, 1440, 60);
			sim->long_cv = get_number(p, lg, sub2, "cv", 0, 10, 0.3);
		}
	}
	if (strcmp(dist, "lognormal") == 0) {
		sim->service_dist = SIM_DIST_LOGNORMAL;
	} else if (strcmp(dist, "exponential") == 0) {
		sim->service_dist = SIM_DIST_EXPONENTIAL;
		sim->service_cv = 1;
	} else {
		char sub1[PATH_MAX_LEN];

		join(sub1, sub, "dist");
		perr(p, sub1, "must be \"lognormal\" or \"exponential\"");
	}
	sim->no_show = get_number(p, v, path, "no_show", 0, 1, 0);
	sim->patience_mean = get_number(p, v, path, "patience", 0, 100000, 0);
	sim->cancel_share = get_number(p, v, path, "cancel", 0, 1, 0);
	sim->reservations_per_day = get_number(p, v, path, "reservations_per_day", 0, 500, 0);
	double mix = (1 - sim->long_share) * sim->service_mean + sim->long_share * sim->long_mean;

	cc->service_minutes =
		get_number(p, v, path, "prior_minutes", 0.01, 1440, mix > 0 ? mix : 5);
}

static int rule_from_name(const char *s)
{
	if (strcmp(s, "fifo") == 0)
		return CONFIG_RULE_FIFO;
	if (strcmp(s, "longest") == 0)
		return CONFIG_RULE_LONGEST;
	if (strcmp(s, "priority") == 0)
		return CONFIG_RULE_PRIORITY;
	return -1;
}

static void parse_window(struct parser *p, json_t *v, const char *path, struct sim_scenario *sc,
			 int w)
{
	static const char *const keys[] = { "id",     "label", "categories", "rule",
					    "breaks", "open",  NULL };
	struct config_window *cw = &sc->cfg.windows[w];
	char sub[PATH_MAX_LEN], rule[16] = "longest";
	json_t *cats, *brks, *x;
	size_t i;
	int r;

	if (!json_is_object(v)) {
		perr(p, path, "must be an object");
		return;
	}
	check_keys(p, v, path, keys);
	get_string(p, v, path, "id", cw->id, sizeof(cw->id), true);
	if (!get_string(p, v, path, "label", cw->label[LANG_JA], sizeof(cw->label[0]), false))
		put(cw->label[LANG_JA], sizeof(cw->label[0]), "%s番窓口", cw->id);
	cw->open = get_bool(p, v, path, "open", true);
	get_string(p, v, path, "rule", rule, sizeof(rule), false);
	r = rule_from_name(rule);
	if (r < 0) {
		join(sub, path, "rule");
		perr(p, sub, "must be \"fifo\", \"longest\" or \"priority\"");
		r = CONFIG_RULE_LONGEST;
	}
	cw->rule = (enum config_rule)r;

	join(sub, path, "categories");
	cats = json_object_get(v, "categories");
	if (!json_is_array(cats) || json_array_size(cats) == 0 ||
	    json_array_size(cats) > CONFIG_MAX_CATEGORIES) {
		perr(p, sub, "must be an array of 1 to %d category ids", CONFIG_MAX_CATEGORIES);
	} else {
		json_array_foreach(cats, i, x)
		{
			char sub1[PATH_MAX_LEN];
			int c = json_is_string(x)
					? config_category_index(&sc->cfg, json_string_value(x))
					: -1;

			join_index(sub1, sub, i);
			if (c < 0) {
				perr(p, sub1, "is not the id of a category");
				continue;
			}
			for (int k = 0; k < cw->n_categories; k++) {
				if (cw->categories[k] == c) {
					perr(p, sub1, "category listed twice");
					c = -1;
					break;
				}
			}
			if (c >= 0)
				cw->categories[cw->n_categories++] = c;
		}
	}

	join(sub, path, "breaks");
	brks = json_object_get(v, "breaks");
	if (!brks)
		return;
	if (!json_is_array(brks) || json_array_size(brks) > CONFIG_MAX_BREAKS) {
		perr(p, sub, "must be an array of at most %d [\"HH:MM\", \"HH:MM\"] spans",
		     CONFIG_MAX_BREAKS);
		return;
	}
	json_array_foreach(brks, i, x)
	{
		char sub1[PATH_MAX_LEN], sub2[PATH_MAX_LEN];
		struct config_span span;

		join_index(sub1, sub, i);
		if (!json_is_array(x) || json_array_size(x) != 2) {
			perr(p, sub1, "must be a span [\"HH:MM\", \"HH:MM\"]");
			continue;
		}
		join_index(sub2, sub1, 0);
		span.start = time_value(p, json_array_get(x, 0), sub2);
		join_index(sub2, sub1, 1);
		span.end = time_value(p, json_array_get(x, 1), sub2);
		if (span.start < 0 || span.end < 0)
			continue;
		if (span.end <= span.start) {
			perr(p, sub1, "ends before it starts");
			continue;
		}
		if (cw->n_breaks > 0 && span.start < cw->breaks[cw->n_breaks - 1].end) {
			perr(p, sub1, "overlaps or precedes the break before it");
			continue;
		}
		cw->breaks[cw->n_breaks++] = span;
	}
}

static void parse_list(struct parser *p, json_t *root, const char *key, int max,
		       struct sim_scenario *sc, int *count,
		       void (*one)(struct parser *, json_t *, const char *, struct sim_scenario *,
				   int))
{
	json_t *v = json_object_get(root, key), *x;
	char path[PATH_MAX_LEN];
	size_t i;

	join(path, "$", key);
	if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > (size_t)max) {
		perr(p, path, "must be an array of 1 to %d entries", max);
		return;
	}
	json_array_foreach(v, i, x)
	{
		char sub[PATH_MAX_LEN];
		const char *id;

		join_index(sub, path, i);
		one(p, x, sub, sc, (int)i);
		*count = (int)i + 1;
		id = strcmp(key, "categories") == 0 ? sc->cfg.categories[i].id
						    : sc->cfg.windows[i].id;
		for (size_t k = 0; k < i; k++) {
			const char *other = strcmp(key, "categories") == 0
						    ? sc->cfg.categories[k].id
						    : sc->cfg.windows[k].id;

			if (id[0] && strcmp(id, other) == 0)
				perr(p, sub, "duplicate id \"%s\"", id);
		}
	}
}

static void parse_root(struct parser *p, json_t *root, struct sim_scenario *sc)
{
	static const char *const keys[] = {
		"name",		 "description", "timezone",   "start",		"weekdays",
		"hours",	 "last_ticket", "day_factor", "weekday_factor", "profile",
		"opening_queue", "measure",	"calling",    "reservations",	"door",
		"closures",	 "groups",	"categories", "windows",	NULL
	};
	static const char *const hours_keys[] = { "open", "close", NULL };
	static const char *const measure_keys[] = { "from", "until", NULL };
	static const char *const calling_keys[] = { "walk_minutes", "walk_cv", "no_show_minutes",
						    "recall", NULL };
	static const char *const res_keys[] = {
		"slot_minutes",	  "from",	   "until",    "show_up",  "punctuality_mean",
		"punctuality_sd", "grace_minutes", "capacity", "same_day", NULL
	};
	static const char *const closure_keys[] = { "per_window", "minutes", NULL };
	static const char *const group_keys[] = { "per_day", "size", NULL };
	static const char *const door_keys[] = { "companions", "visitors", "visit_minutes",
						 "leave_minutes", NULL };
	struct config *cfg = &sc->cfg;
	json_t *o;
	int open_min, close_min;
	bool has_profile = false;

	if (!json_is_object(root)) {
		perr(p, "$", "must be an object");
		return;
	}
	check_keys(p, root, "$", keys);
	get_string(p, root, "$", "name", sc->name, sizeof(sc->name), true);
	get_string(p, root, "$", "description", sc->description, sizeof(sc->description), false);
	put(cfg->office_id, sizeof(cfg->office_id), "sim-%s", sc->name);
	put(cfg->office_name[LANG_JA], sizeof(cfg->office_name[0]), "%s", sc->name);
	cfg->languages[0] = LANG_JA;
	cfg->n_languages = 1;
	parse_timezone(p, root, cfg);
	parse_date(p, root, sc);
	parse_weekdays(p, root, sc);
	parse_weekday_factor(p, root, sc);
	sc->day_factor = get_number(p, root, "$", "day_factor", 0, 100, 1);
	sc->opening_queue = get_number(p, root, "$", "opening_queue", 0, 1000, 0);

	o = get_object(p, root, "$", "hours");
	if (!o)
		perr(p, "$.hours", "is missing");
	else
		check_keys(p, o, "$.hours", hours_keys);
	open_min = get_time(p, o, "$.hours", "open", 510, o != NULL);
	close_min = get_time(p, o, "$.hours", "close", 1035, o != NULL);
	if (close_min <= open_min)
		perr(p, "$.hours", "close is not after open");
	/* The scenario's days follow its weekdays: no holidays, no 年末年始 ([calendar] unset). */
	for (int d = 0; d < 7; d++) {
		cfg->hours[d].n = sc->weekdays[d] ? 1 : 0;
		cfg->hours[d].spans[0].start = open_min;
		cfg->hours[d].spans[0].end = close_min;
	}
	sc->last_ticket = get_time(p, root, "$", "last_ticket", close_min, false);
	if (sc->last_ticket <= open_min || sc->last_ticket > close_min)
		perr(p, "$.last_ticket", "must be after hours.open and not after hours.close");

	if (json_object_get(root, "profile")) {
		parse_profile(p, json_object_get(root, "profile"), "$.profile", &sc->profile);
		has_profile = true;
	}

	o = get_object(p, root, "$", "measure");
	if (o)
		check_keys(p, o, "$.measure", measure_keys);
	sc->measure_from = get_time(p, o, "$.measure", "from", open_min, false);
	sc->measure_until = get_time(p, o, "$.measure", "until", sc->last_ticket, false);
	if (sc->measure_until <= sc->measure_from)
		perr(p, "$.measure", "until is not after from");

	o = get_object(p, root, "$", "calling");
	if (o)
		check_keys(p, o, "$.calling", calling_keys);
	sc->walk_mean = get_number(p, o, "$.calling", "walk_minutes", 0, 60, 0.5);
	sc->walk_cv = get_number(p, o, "$.calling", "walk_cv", 0, 10, 0.5);
	sc->no_show_minutes = get_number(p, o, "$.calling", "no_show_minutes", 0, 60, 2);
	sc->recall = get_bool(p, o, "$.calling", "recall", true);

	o = get_object(p, root, "$", "reservations");
	if (o)
		check_keys(p, o, "$.reservations", res_keys);
	sc->slot_minutes = (int)get_number(p, o, "$.reservations", "slot_minutes", 5, 240, 30);
	sc->slots_from = get_time(p, o, "$.reservations", "from", open_min + 30, false);
	sc->slots_until = get_time(p, o, "$.reservations", "until", sc->last_ticket, false);
	if (sc->slots_until - sc->slots_from < sc->slot_minutes)
		perr(p, "$.reservations", "from..until holds no slot");
	sc->show_up = get_number(p, o, "$.reservations", "show_up", 0, 1, 0.9);
	sc->punctual_mean = get_number(p, o, "$.reservations", "punctuality_mean", -120, 120, -5);
	sc->punctual_sd = get_number(p, o, "$.reservations", "punctuality_sd", 0, 120, 5);
	cfg->reservation_grace_minutes =
		(int)get_number(p, o, "$.reservations", "grace_minutes", 0, 240, 15);
	sc->slot_capacity = (int)get_number(p, o, "$.reservations", "capacity", 0, 1000, 0);
	sc->same_day = get_number(p, o, "$.reservations", "same_day", 0, 1, 0);

	o = get_object(p, root, "$", "closures");
	if (o)
		check_keys(p, o, "$.closures", closure_keys);
	sc->closures = get_number(p, o, "$.closures", "per_window", 0, 20, 0);
	sc->closure_minutes = get_number(p, o, "$.closures", "minutes", 1, 600, 20);

	o = get_object(p, root, "$", "groups");
	if (o)
		check_keys(p, o, "$.groups", group_keys);
	sc->groups = get_number(p, o, "$.groups", "per_day", 0, 100, 0);
	sc->group_size = get_number(p, o, "$.groups", "size", 1, 200, 10);

	o = get_object(p, root, "$", "door");
	if (o)
		check_keys(p, o, "$.door", door_keys);
	sc->companions = get_number(p, o, "$.door", "companions", 0, 10, 0.3);
	sc->visitors = get_number(p, o, "$.door", "visitors", 0, 10, 0.15);
	sc->visit_minutes = get_number(p, o, "$.door", "visit_minutes", 0.1, 600, 5);
	sc->leave_minutes = get_number(p, o, "$.door", "leave_minutes", 0, 60, 1);

	parse_list(p, root, "categories", CONFIG_MAX_CATEGORIES, sc, &cfg->n_categories,
		   parse_category);
	parse_list(p, root, "windows", CONFIG_MAX_WINDOWS, sc, &cfg->n_windows, parse_window);

	for (int c = 0; c < cfg->n_categories; c++) {
		const struct sim_profile *pr =
			sc->cat[c].has_profile ? &sc->cat[c].profile : &sc->profile;
		char sub[PATH_MAX_LEN];

		join_index(sub, "$.categories", (size_t)c);
		if (!sc->cat[c].has_profile && !has_profile && sc->cat[c].per_day > 0)
			perr(p, sub, "has arrivals but neither it nor the scenario has a profile");
		else if (sc->cat[c].per_day > 0 &&
			 sim_profile_integral(pr, open_min, sc->last_ticket) <= 0)
			perr(p, sub, "its profile is zero from hours.open to last_ticket");
	}

	/* Defaults of the parts of the config the simulator does not use. */
	cfg->wait_minutes[0] = 20;
	cfg->wait_minutes[1] = 40;
	cfg->wait_minutes[2] = 60;
	cfg->occupancy_percent[0] = 30;
	cfg->occupancy_percent[1] = 60;
	cfg->occupancy_percent[2] = 80;
	cfg->hold_minutes = 5;
}

int sim_scenario_parse(const char *buf, size_t len, const char *file, struct sim_scenario *sc,
		       struct sim_errors *errs)
{
	struct parser p = { .file = file, .errs = errs };
	json_error_t jerr;
	json_t *root;

	memset(sc, 0, sizeof(*sc));
	memset(errs, 0, sizeof(*errs));
	if (len > SIM_SCENARIO_MAX_SIZE) {
		snprintf(errs->e[errs->n++], sizeof(errs->e[0]), "%s: larger than %d bytes", file,
			 SIM_SCENARIO_MAX_SIZE);
		return -1;
	}
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		snprintf(errs->e[errs->n++], sizeof(errs->e[0]), "%s:%d:%d: %s", file, jerr.line,
			 jerr.column, jerr.text);
		return -1;
	}
	parse_root(&p, root, sc);
	json_decref(root);
	return errs->n || errs->dropped ? -1 : 0;
}

int sim_scenario_load(const char *path, struct sim_scenario *sc, struct sim_errors *errs)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;
	int rc = -1;

	memset(errs, 0, sizeof(*errs));
	if (!f) {
		snprintf(errs->e[errs->n++], sizeof(errs->e[0]), "%s: %s", path, strerror(errno));
		return -1;
	}
	buf = malloc(SIM_SCENARIO_MAX_SIZE + 1);
	if (!buf) {
		snprintf(errs->e[errs->n++], sizeof(errs->e[0]), "%s: out of memory", path);
		goto close_file;
	}
	n = fread(buf, 1, SIM_SCENARIO_MAX_SIZE + 1, f);
	if (ferror(f)) {
		snprintf(errs->e[errs->n++], sizeof(errs->e[0]), "%s: read error", path);
		goto free_buf;
	}
	rc = sim_scenario_parse(buf, n, path, sc, errs);
free_buf:
	free(buf);
close_file:
	fclose(f);
	return rc;
}

double sim_profile_at(const struct sim_profile *p, double minute)
{
	double w = 0;

	for (int i = 0; i < p->n && p->minute[i] <= minute; i++)
		w = p->weight[i];
	if (p->n > 0 && minute >= p->minute[p->n - 1])
		w = 0;
	return w;
}

double sim_profile_integral(const struct sim_profile *p, double from, double to)
{
	double sum = 0;

	for (int i = 0; i + 1 < p->n; i++) {
		double a = fmax(from, p->minute[i]), b = fmin(to, p->minute[i + 1]);

		if (b > a)
			sum += (b - a) * p->weight[i];
	}
	return sum;
}

double sim_profile_max(const struct sim_profile *p, double from, double to)
{
	double m = 0;

	for (int i = 0; i + 1 < p->n; i++) {
		if (p->minute[i + 1] > from && p->minute[i] < to && p->weight[i] > m)
			m = p->weight[i];
	}
	return m;
}

double sim_scenario_rate(const struct sim_scenario *sc, int c, int weekday, double minute)
{
	const struct sim_category *sim = &sc->cat[c];
	const struct sim_profile *p = sim->has_profile ? &sim->profile : &sc->profile;
	int open = sc->cfg.hours[weekday].n ? sc->cfg.hours[weekday].spans[0].start : -1;
	double total;

	if (open < 0 || minute >= sc->last_ticket || sim->per_day <= 0)
		return 0;
	total = sim_profile_integral(p, open, sc->last_ticket);
	if (total <= 0)
		return 0;
	return sim->per_day * sc->day_factor * sc->weekday_factor[weekday] *
	       sim_profile_at(p, minute) / total;
}

double sim_scenario_window_minutes(const struct sim_scenario *sc, int c)
{
	const struct sim_category *sim = &sc->cat[c];

	double service =
		(1 - sim->long_share) * sim->service_mean + sim->long_share * sim->long_mean;

	return (1 - sim->no_show) * (sc->walk_mean + service) + sim->no_show * sc->no_show_minutes;
}
