/* SPDX-License-Identifier: MIT */
#include "printer/job.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct job_ctx {
	const char *path;
	char *err;
	size_t errsize;
};

__attribute__((format(printf, 3, 4))) static int job_fail(struct job_ctx *c, const char *member,
							  const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errsize, "%s.%s: %s", c->path, member, msg);
	return -1;
}

/* String member @key into @dst; null gives "" when @nullable. */
static int job_str(struct job_ctx *c, json_t *obj, const char *key, char *dst, size_t size,
		   bool nullable)
{
	json_t *v = json_object_get(obj, key);

	dst[0] = '\0';
	if (nullable && json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return job_fail(c, key, "expected a string");
	if (json_string_length(v) >= size)
		return job_fail(c, key, "longer than %zu bytes", size - 1);
	memcpy(dst, json_string_value(v), json_string_length(v) + 1);
	return 0;
}

/* Text per language ("ja" required) into @out. */
static int job_names(struct job_ctx *c, json_t *obj, const char *key, char (*out)[CONFIG_NAME_MAX])
{
	json_t *names = json_object_get(obj, key), *v;
	const char *code;

	memset(out, 0, sizeof(out[0]) * LANG_COUNT);
	if (!json_is_object(names) || !json_is_string(json_object_get(names, "ja")))
		return job_fail(c, key, "expected an object with \"ja\"");
	json_object_foreach(names, code, v)
	{
		int l = lang_from_code(code);

		if (l < 0 || !json_is_string(v))
			continue; /* a language this printer does not know */
		if (json_string_length(v) >= CONFIG_NAME_MAX)
			return job_fail(c, key, "longer than %d bytes", CONFIG_NAME_MAX - 1);
		memcpy(out[l], json_string_value(v), json_string_length(v) + 1);
	}
	return 0;
}

/* "HH:MM" into minutes, or -1. */
static int job_hhmm(const char *s)
{
	int h, m;
	char tail;

	if (strlen(s) != 5 || sscanf(s, "%2d:%2d%c", &h, &m, &tail) != 2 || h > 23 || m > 59 ||
	    h < 0 || m < 0)
		return -1;
	return h * 60 + m;
}

static int job_int(struct job_ctx *c, json_t *obj, const char *key, int min, int max, int *out)
{
	json_t *v = json_object_get(obj, key);

	if (json_is_null(v)) {
		*out = -1;
		return 0;
	}
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return job_fail(c, key, "expected a whole number from %d to %d", min, max);
	*out = (int)json_integer_value(v);
	return 0;
}

int job_parse(json_t *in, const char *path, struct job *j, char *err, size_t errsize)
{
	struct job_ctx c = { path, err, errsize };
	char lang[16], at[48], away[8], wpath[96];
	json_t *cat, *wait;
	int y, mo, d, h, mi;

	memset(j, 0, sizeof(*j));
	if (!json_is_object(in)) {
		snprintf(err, errsize, "%s: expected an object", path);
		return -1;
	}
	cat = json_object_get(in, "category");
	wait = json_object_get(in, "wait");
	if (job_str(&c, in, "ticket", j->ticket, sizeof(j->ticket), false) < 0 ||
	    job_str(&c, in, "lang", lang, sizeof(lang), false) < 0 ||
	    job_str(&c, in, "issued_at", at, sizeof(at), false) < 0 ||
	    job_str(&c, in, "away_until", away, sizeof(away), true) < 0 ||
	    job_str(&c, in, "qr", j->qr, sizeof(j->qr), true) < 0 ||
	    job_names(&c, in, "office", j->office) < 0)
		return -1;
	if (!json_is_object(cat))
		return job_fail(&c, "category", "expected an object");
	if (job_names(&c, cat, "name", j->category) < 0)
		return -1;
	j->lang = lang_from_code(lang) >= 0 ? (enum lang)lang_from_code(lang) : LANG_JA;
	/* The local date and time as written: "2026-11-23T10:15:03+09:00" */
	if (sscanf(at, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5 || mo < 1 || mo > 12 ||
	    d < 1 || d > 31 || h > 23 || mi > 59)
		return job_fail(&c, "issued_at", "expected an ISO 8601 time");
	j->day = y * 10000 + mo * 100 + d;
	j->minute_of_day = h * 60 + mi;
	j->away_until = -1;
	if (away[0]) {
		j->away_until = job_hhmm(away);
		if (j->away_until < 0)
			return job_fail(&c, "away_until", "expected HH:MM");
	}
	if (job_int(&c, in, "waiting_before", 0, 100000, &j->waiting_before) < 0)
		return -1;
	if (j->waiting_before < 0)
		return job_fail(&c, "waiting_before", "expected a whole number");
	if (!json_is_object(wait))
		return job_fail(&c, "wait", "expected an object");
	snprintf(wpath, sizeof(wpath), "%s.wait", path);
	c.path = wpath;
	if (job_int(&c, wait, "low", 0, 100000, &j->wait_low) < 0 ||
	    job_int(&c, wait, "high", 0, 100000, &j->wait_high) < 0)
		return -1;
	j->soon = json_is_true(json_object_get(wait, "soon"));
	return 0;
}
