/* SPDX-License-Identifier: MIT */
#include "display/locale.h"

#include <jansson.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Key names and the placeholders each text may use; texts that state a number must use them all. */
static const struct {
	const char *name;
	const char *placeholders; /* space-separated */
} locale_keys[LOC_KEY_COUNT] = {
	[LOC_LANG_NAME] = { "lang_name", "" },
	[LOC_NOW_CALLING] = { "now_calling", "" },
	[LOC_PLEASE_GO] = { "please_go", "window" },
	[LOC_RECALL] = { "recall", "" },
	[LOC_RECENT_CALLS] = { "recent_calls", "" },
	[LOC_WINDOW_CLOSED] = { "window_closed", "" },
	[LOC_WINDOW_FREE] = { "window_free", "" },
	[LOC_WAITING] = { "waiting", "" },
	[LOC_PEOPLE] = { "people", "n" },
	[LOC_WAIT_TIME] = { "wait_time", "" },
	[LOC_WAIT_BAND] = { "wait_band", "low high" },
	[LOC_WAIT_ABOUT] = { "wait_about", "min" },
	[LOC_WAIT_SOON] = { "wait_soon", "" },
	[LOC_WAIT_UNKNOWN] = { "wait_unknown", "" },
	[LOC_LEVEL_0] = { "level_low", "" },
	[LOC_LEVEL_1] = { "level_moderate", "" },
	[LOC_LEVEL_2] = { "level_high", "" },
	[LOC_LEVEL_3] = { "level_very_high", "" },
	[LOC_SERVICE_OPEN] = { "service_open", "" },
	[LOC_SERVICE_SUSPENDED] = { "service_suspended", "" },
	[LOC_CLOSED_TITLE] = { "closed_title", "" },
	[LOC_BEFORE_TITLE] = { "before_title", "" },
	[LOC_NEXT_HOURS] = { "next_hours", "date open close" },
	[LOC_NO_NEXT_HOURS] = { "no_next_hours", "" },
	[LOC_CLOSED_WEEKLY] = { "closed_weekly", "weekday" },
	[LOC_CLOSED_HOLIDAY] = { "closed_holiday", "holiday" },
	[LOC_CLOSED_YEAR_END] = { "closed_year_end", "" },
	[LOC_CLOSED_SPECIAL] = { "closed_special", "" },
	[LOC_DATE] = { "date", "year month month_name day weekday era eyear" },
	[LOC_SHORT_DATE] = { "short_date", "month month_name day weekday" },
	[LOC_ERA_FIRST_YEAR] = { "era_first_year", "" },
	[LOC_CLOCK_UNSET] = { "clock_unset", "" },
	[LOC_STALE] = { "stale", "time" },
	[LOC_CONNECTING] = { "connecting", "" },
	[LOC_CONNECT_FAILED] = { "connect_failed", "" },
	[LOC_CONNECT_REFUSED] = { "connect_refused", "" },
	[LOC_CONNECT_NO_HOST] = { "connect_no_host", "" },
	[LOC_CONNECT_NOT_FOUND] = { "connect_not_found", "" },
	[LOC_CONNECT_NOT_STATUS] = { "connect_not_status", "" },
	[LOC_CONNECT_TIMEOUT] = { "connect_timeout", "" },
	[LOC_CONNECT_OTHER] = { "connect_other", "" },
	[LOC_STAFF_CONSOLE] = { "staff_console", "url" },
	[LOC_QR_CAPTION] = { "qr_caption", "" },
	[LOC_ERRORS_TITLE] = { "errors_title", "n" },
	[LOC_ERRORS_LINE] = { "errors_line", "line" },
	[LOC_ERRORS_MORE] = { "errors_more", "n" },
	[LOC_ERRORS_FIX] = { "errors_fix", "" },
	[LOC_PRINTER_PAPER_OUT] = { "printer_paper_out", "" },
	[LOC_PRINTER_PAPER_NEAR_END] = { "printer_paper_near_end", "" },
	[LOC_PRINTER_COVER_OPEN] = { "printer_cover_open", "" },
	[LOC_PRINTER_ERROR] = { "printer_error", "" },
	[LOC_PRINTER_OFFLINE] = { "printer_offline", "" },
	[LOC_PRINTER_UNREACHABLE] = { "printer_unreachable", "" },
	[LOC_PRINTER_NO_REPORT] = { "printer_no_report", "" },
	[LOC_KIOSK_HELP] = { "kiosk_help", "" },
	[LOC_TICKET_ISSUED] = { "ticket_issued", "time" },
	[LOC_TICKET_WAITING] = { "ticket_waiting", "n" },
	[LOC_TICKET_WAIT] = { "ticket_wait", "wait" },
	[LOC_TICKET_AWAY] = { "ticket_away", "time" },
	[LOC_TICKET_QR] = { "ticket_qr", "" },
	[LOC_SPEAK_CALL] = { "speak_call", "ticket window" },
	[LOC_SPEAK_RECALL] = { "speak_recall", "" },
	[LOC_SPEAK_TICKET] = { "speak_ticket", "letters number" },
	[LOC_SPEAK_NUMBER] = { "speak_number", "number" },
};

static const struct {
	const char *name;
	int count;
	size_t off; /* offset of the array in struct locale */
} locale_lists[] = {
	{ "weekdays", 7, offsetof(struct locale, weekdays) },
	{ "weekdays_long", 7, offsetof(struct locale, weekdays_long) },
	{ "months", 12, offsetof(struct locale, months) },
	{ "eras", 5, offsetof(struct locale, eras) },
	{ "speak_letters", 26, offsetof(struct locale, letters) },
};

#define LOCALE_LISTS ((int)(sizeof(locale_lists) / sizeof(locale_lists[0])))

#define LOCALE_LIST_ITEM_MAX 32

/* Whether word @w (@n bytes) is in the space-separated list @list. */
static bool locale_word_in(const char *list, const char *w, size_t n)
{
	const char *p = list;

	while (*p) {
		size_t len = strcspn(p, " ");

		if (len == n && memcmp(p, w, n) == 0)
			return true;
		p += len;
		p += *p == ' ';
	}
	return false;
}

static void locale_check_placeholders(int k, const char *text, const char *path, struct diag *d)
{
	const char *allowed = locale_keys[k].placeholders;
	const char *p = text;

	while ((p = strchr(p, '{'))) {
		size_t n = strcspn(p + 1, "}");

		if (p[1 + n] != '}') {
			diag_add(d, path, "unclosed {");
			return;
		}
		if (!locale_word_in(allowed, p + 1, n))
			diag_add(d, path, "unknown placeholder {%.*s}", (int)n, p + 1);
		p += n + 2;
	}
	for (const char *a = allowed; *a;) {
		size_t len = strcspn(a, " ");
		char want[40];

		snprintf(want, sizeof(want), "{%.*s}", (int)len, a);
		if (!strstr(text, want) &&
		    (k == LOC_WAIT_BAND || k == LOC_PEOPLE || k == LOC_STALE ||
		     k == LOC_WAIT_ABOUT || k == LOC_PLEASE_GO || k == LOC_ERRORS_TITLE ||
		     k == LOC_ERRORS_LINE || k == LOC_ERRORS_MORE || k == LOC_TICKET_ISSUED ||
		     k == LOC_TICKET_WAITING || k == LOC_TICKET_WAIT || k == LOC_TICKET_AWAY ||
		     k == LOC_SPEAK_CALL || k == LOC_SPEAK_TICKET || k == LOC_SPEAK_NUMBER ||
		     k == LOC_STAFF_CONSOLE))
			diag_add(d, path, "placeholder %s missing", want);
		a += len;
		a += *a == ' ';
	}
}

static void locale_list(json_t *v, int li, const char *path, struct locale *loc, struct diag *d)
{
	char(*items)[LOCALE_LIST_ITEM_MAX] =
		(char(*)[LOCALE_LIST_ITEM_MAX])((char *)loc + locale_lists[li].off);

	if (!json_is_array(v) || (int)json_array_size(v) != locale_lists[li].count) {
		diag_add(d, path, "must be an array of %d strings", locale_lists[li].count);
		return;
	}
	for (int i = 0; i < locale_lists[li].count; i++) {
		json_t *s = json_array_get(v, (size_t)i);
		char p[128];

		snprintf(p, sizeof(p), "%s[%d]", path, i);
		if (!json_is_string(s))
			diag_add(d, p, "must be a string");
		else if (json_string_length(s) == 0 ||
			 json_string_length(s) >= LOCALE_LIST_ITEM_MAX)
			diag_add(d, p, "must be 1 to %d bytes", LOCALE_LIST_ITEM_MAX - 1);
		else
			memcpy(items[i], json_string_value(s), json_string_length(s) + 1);
	}
}

int locale_parse(const char *buf, size_t len, struct locale *loc, struct diag *d)
{
	bool seen[LOC_KEY_COUNT] = { false };
	bool seen_list[LOCALE_LISTS] = { false };
	const char *key;
	json_t *root, *v;
	int n0 = d->n + d->dropped;

	memset(loc, 0, sizeof(*loc));
	root = diag_load_object(buf, len, LOCALE_MAX_SIZE, d);
	if (!root)
		return -1;
	json_object_foreach(root, key, v)
	{
		char path[96];
		int k, li;

		snprintf(path, sizeof(path), "$.%s", key);
		for (li = 0; li < LOCALE_LISTS; li++) {
			if (strcmp(key, locale_lists[li].name) == 0)
				break;
		}
		if (li < LOCALE_LISTS) {
			seen_list[li] = true;
			locale_list(v, li, path, loc, d);
			continue;
		}
		for (k = 0; k < LOC_KEY_COUNT; k++) {
			if (strcmp(key, locale_keys[k].name) == 0)
				break;
		}
		if (k == LOC_KEY_COUNT) {
			diag_add(d, path, "unknown key");
			continue;
		}
		seen[k] = true;
		if (!json_is_string(v)) {
			diag_add(d, path, "must be a string");
			continue;
		}
		if (json_string_length(v) == 0 || json_string_length(v) >= LOCALE_TEXT_MAX) {
			diag_add(d, path, "must be 1 to %d bytes", LOCALE_TEXT_MAX - 1);
			continue;
		}
		memcpy(loc->text[k], json_string_value(v), json_string_length(v) + 1);
		locale_check_placeholders(k, loc->text[k], path, d);
	}
	for (int k = 0; k < LOC_KEY_COUNT; k++) {
		if (!seen[k]) {
			char path[96];

			snprintf(path, sizeof(path), "$.%s", locale_keys[k].name);
			diag_add(d, path, "missing");
		}
	}
	for (int li = 0; li < LOCALE_LISTS; li++) {
		if (!seen_list[li]) {
			char path[96];

			snprintf(path, sizeof(path), "$.%s", locale_lists[li].name);
			diag_add(d, path, "missing");
		}
	}
	json_decref(root);
	return d->n + d->dropped > n0 ? -1 : 0;
}

/*
 * Appends @n bytes of @s to @out at *@pos, cutting at a UTF-8 boundary when
 * full. Return: 0, or -1 when it was cut (nothing more fits).
 */
static int locale_append(char *out, size_t size, size_t *pos, const char *s, size_t n)
{
	int rc = 0;

	if (*pos + n >= size) {
		n = size - 1 - *pos;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		rc = -1;
	}
	memcpy(out + *pos, s, n);
	*pos += n;
	out[*pos] = '\0';
	return rc;
}

void locale_format(const char *tmpl, char *out, size_t size, const char *const *names,
		   const char *const *values, int n)
{
	size_t pos = 0;
	const char *p = tmpl;

	out[0] = '\0';
	while (*p) {
		const char *open = strchr(p, '{');
		size_t len;
		int i;

		if (!open) {
			locale_append(out, size, &pos, p, strlen(p));
			return;
		}
		if (locale_append(out, size, &pos, p, (size_t)(open - p)) < 0)
			return;
		len = strcspn(open + 1, "}");
		for (i = 0; i < n; i++) {
			if (strlen(names[i]) == len && memcmp(names[i], open + 1, len) == 0)
				break;
		}
		if (i < n && open[1 + len] == '}') {
			if (locale_append(out, size, &pos, values[i], strlen(values[i])) < 0)
				return;
			p = open + len + 2;
		} else {
			if (locale_append(out, size, &pos, open, 1) < 0)
				return;
			p = open + 1;
		}
	}
}

int locale_load_file(const char *path, struct locale *loc)
{
	struct diag d = { .n = 0 };
	size_t len;
	char *buf = diag_read_file(path, LOCALE_MAX_SIZE, &len);
	int rc;

	if (!buf)
		return -1;
	rc = locale_parse(buf, len, loc, &d);
	free(buf);
	diag_print(&d, path, stderr);
	return rc;
}

/* Whether @dir/display/locales/ja.json can be read. */
static bool locale_dir_has(const char *dir)
{
	char p[PATH_MAX];
	int n = snprintf(p, sizeof(p), "%s/display/locales/ja.json", dir);

	return n > 0 && (size_t)n < sizeof(p) && access(p, R_OK) == 0;
}

int locale_data_dir(const char *override, char *buf, size_t size)
{
	const char *env = getenv("MACHIAI_DATA_DIR");
	const char *dir = override ? override : env && env[0] ? env : NULL;
	char exe[PATH_MAX];
	ssize_t n;

	if (dir) {
		if (strlen(dir) >= size / 2)
			return -1;
		snprintf(buf, size, "%s", dir);
		return 0;
	}
	if (locale_dir_has(".")) {
		snprintf(buf, size, ".");
		return 0;
	}
	/* build/PROGRAM or build/san/PROGRAM in the source tree */
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		for (int up = 0; up < 3; up++) {
			char *slash = strrchr(exe, '/');

			if (!slash)
				break;
			*slash = '\0';
			if (locale_dir_has(exe) && strlen(exe) < size / 2) {
				snprintf(buf, size, "%s", exe);
				return 0;
			}
		}
	}
	snprintf(buf, size, "/usr/share/machiai");
	return 0;
}

int locale_load_all(const char *data_dir, struct locale *loc[LANG_COUNT], const char *prog)
{
	for (int l = 0; l < LANG_COUNT; l++) {
		char path[PATH_MAX];

		loc[l] = malloc(sizeof(struct locale));
		if (!loc[l])
			return -1;
		snprintf(path, sizeof(path), "%s/display/locales/%s.json", data_dir,
			 lang_code((enum lang)l));
		if (locale_load_file(path, loc[l]) < 0) {
			free(loc[l]);
			loc[l] = NULL;
			if (l == LANG_JA)
				return -1;
			fprintf(stderr, "%s: %s: language %s left out\n", prog, path,
				lang_code((enum lang)l));
		}
	}
	return 0;
}
