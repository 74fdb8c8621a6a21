/* SPDX-License-Identifier: MIT */
#include "daemon/reportfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/civil.h"
#include "daemon/evjson.h"
#include "daemon/journal.h"

int reportfile_parse_date(const char *s, int32_t *out)
{
	int y, m, d;
	char tail;
	struct civil c;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return -1;
	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*out = y * 10000 + m * 100 + d;
	civil_from_ms(civil_to_ms(*out, 0, 0), 0, &c);
	return c.yyyymmdd == *out ? 0 : -1;
}

static void reportfile_skip(struct reportfile_result *res, const char *file, int line,
			    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void reportfile_skip(struct reportfile_result *res, const char *file, int line,
			    const char *fmt, ...)
{
	struct reportfile_skip *sk;
	va_list ap;

	res->skipped++;
	if (res->n_skips >= REPORTFILE_SKIPS_MAX)
		return;
	sk = &res->skips[res->n_skips++];
	snprintf(sk->file, sizeof(sk->file), "%s", file);
	sk->line = line;
	va_start(ap, fmt);
	vsnprintf(sk->reason, sizeof(sk->reason), fmt, ap);
	va_end(ap);
}

/* The whole of @path into *@out (NUL-terminated); 1 when it does not exist. */
static int reportfile_slurp(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf;
	size_t n;

	if (!f)
		return errno == ENOENT ? 1 : -1;
	if (fstat(fileno(f), &st) < 0 || st.st_size > JOURNAL_FILE_MAX) {
		if (st.st_size > JOURNAL_FILE_MAX)
			errno = EFBIG;
		fclose(f);
		return -1;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		fclose(f);
		return -1;
	}
	n = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

static void reportfile_day(const char *path, const char *name, struct report *r,
			   struct reportfile_result *res)
{
	char *buf = NULL, err[EVJSON_ERROR_MAX];
	size_t len = 0, pos = 0;
	int rc = reportfile_slurp(path, &buf, &len), line = 0;

	if (rc == 1)
		return;
	if (rc < 0) {
		reportfile_skip(res, name, 0, "cannot read: %s", strerror(errno));
		return;
	}
	res->files++;
	while (pos < len) {
		char *nl = memchr(buf + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
		struct event ev;
		struct office_error oerr;

		line++;
		res->lines++;
		if (!nl) {
			reportfile_skip(res, name, line, "torn last line of %zu bytes (no newline)",
					n);
			break;
		}
		if (evjson_decode(buf + pos, n, &ev, err, sizeof(err)) < 0)
			reportfile_skip(res, name, line, "not a valid event: %s", err);
		else if (report_add(r, &ev, &oerr) < 0)
			reportfile_skip(res, name, line, "%s refused: %s", event_type_name(ev.type),
					oerr.message);
		pos += n + 1;
	}
	report_day_end(r);
	free(buf);
}

static void reportfile_name(int32_t d, char *name, size_t size)
{
	snprintf(name, size, "journal-%04d-%02d-%02d.jsonl", (int)(d / 10000), (int)(d / 100 % 100),
		 (int)(d % 100));
}

/* The reservations of the days before the range; damaged lines there are not this report's. */
static void reportfile_bookings(const char *dir, int32_t from, struct report *r)
{
	struct civil c;
	int32_t d;

	civil_from_ms(civil_to_ms(from, 0, 0) - (int64_t)REPORTFILE_BOOKING_DAYS * 86400000, 0, &c);
	for (d = c.yyyymmdd; d < from; d = civil_next_day(d)) {
		char name[40], path[JOURNAL_PATH_MAX + 64], *buf = NULL, err[EVJSON_ERROR_MAX];
		size_t len = 0, pos = 0;

		reportfile_name(d, name, sizeof(name));
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path) ||
		    reportfile_slurp(path, &buf, &len) != 0)
			continue;
		while (pos < len) {
			char *nl = memchr(buf + pos, '\n', len - pos);
			size_t n = nl ? (size_t)(nl - (buf + pos)) : len - pos;
			struct event ev;

			if (!nl)
				break;
			if (memmem(buf + pos, n, "\"reservation.", 13) &&
			    evjson_decode(buf + pos, n, &ev, err, sizeof(err)) == 0)
				report_add_before(r, &ev, from);
			pos += n + 1;
		}
		free(buf);
	}
}

int reportfile_read(const char *dir, int32_t from, int32_t to, struct report *r,
		    struct reportfile_result *res, const atomic_bool *stop, char *err,
		    size_t errsize)
{
	struct stat st;
	int days = 0;

	memset(res, 0, sizeof(*res));
	if (to < from) {
		snprintf(err, errsize, "the range ends before it starts");
		return -1;
	}
	for (int32_t d = from; d <= to; d = civil_next_day(d)) {
		if (++days > REPORTFILE_RANGE_MAX) {
			snprintf(err, errsize, "the range is longer than %d days",
				 REPORTFILE_RANGE_MAX);
			return -1;
		}
	}
	if (stat(dir, &st) < 0) {
		snprintf(err, errsize, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errsize, "%s: not a folder", dir);
		return -1;
	}
	reportfile_bookings(dir, from, r);
	for (int32_t d = from; d <= to; d = civil_next_day(d)) {
		char name[40], path[JOURNAL_PATH_MAX + 64];

		if (stop && atomic_load(stop)) {
			snprintf(err, errsize, "stopped");
			return -1;
		}
		reportfile_name(d, name, sizeof(name));
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path)) {
			snprintf(err, errsize, "%s: path too long", dir);
			return -1;
		}
		reportfile_day(path, name, r, res);
	}
	return 0;
}
