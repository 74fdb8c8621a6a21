/* SPDX-License-Identifier: MIT */
#include "feed/spool.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/civil.h"

#define SPOOL_DAYS_MAX 400 /* day files looked at */
#define SPOOL_SEQ_MAX UINT64_C(999999999999999999) /* 18 digits: a sample a second for 3e10 years */

static const char csv_header[] = "連番,施設ID,日時,曜日,営業状態,待ち人数,推定待ち時間（分）,"
				 "実績待ち時間（分）,混雑度,混雑度区分,在館人数,取得日時\r\n";
static const char *const weekday_ja[7] = { "日", "月", "火", "水", "木", "金", "土" };

struct held {
	uint64_t seq;
	struct spool_sample s;
};

struct spool {
	int lock_fd; /* STATE/lock, flock'ed: one process per spool */
	char dir[256];
	char office_id[64];
	int offset_min;
	int keep_days;
	uint64_t seq;
	int64_t last_at; /* time of the sample numbered seq, 0 when unknown */
	struct held *held; /* ring of samples not yet on disk, oldest at head */
	size_t held_head, n_held, held_cap;
	uint64_t dropped;
	char error[512];
};

const char *spool_csv_header(void)
{
	return csv_header;
}

static void day_path(const struct spool *sp, int32_t day, const char *ext, char *buf, size_t size)
{
	snprintf(buf, size, "%s/history-%04d-%02d-%02d.%s", sp->dir, day / 10000, day / 100 % 100,
		 day % 100, ext);
}

/* "history-2026-11-23.csv" -> 20261123; 0 when @name is not a day file. */
static int32_t day_from_name(const char *name)
{
	int y, m, d;
	char tail[8];

	if (strlen(name) != strlen("history-2026-11-23.csv"))
		return 0;
	if (sscanf(name, "history-%4d-%2d-%2d.%4s", &y, &m, &d, tail) != 4 ||
	    strcmp(tail, "csv") != 0)
		return 0;
	if (y < 2000 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	return y * 10000 + m * 100 + d;
}

static int day_cmp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

/* The days that have a file, oldest first. */
static int days_list(const struct spool *sp, int32_t *days, int max)
{
	DIR *d = opendir(sp->dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		int32_t day = day_from_name(e->d_name);

		if (day && n < max)
			days[n++] = day;
	}
	closedir(d);
	qsort(days, (size_t)n, sizeof(*days), day_cmp);
	return n;
}

static int fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	int rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static long long file_size(const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	return (long long)st.st_size;
}

static size_t acked_get(const struct spool *sp, int32_t day)
{
	char path[320], buf[32], *end;
	FILE *f;
	size_t n;
	unsigned long long v;

	day_path(sp, day, "acked", path, sizeof(path));
	f = fopen(path, "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	errno = 0;
	v = strtoull(buf, &end, 10);
	if (errno || end == buf)
		return 0;
	return (size_t)v;
}

/* Read a whole file, up to @max bytes. Return: malloc'ed, NUL-terminated, or NULL. */
static char *file_read(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	if (fstat(fileno(f), &st) == 0 && (size_t)st.st_size < max)
		max = (size_t)st.st_size;
	buf = malloc(max + 1);
	if (!buf) {
		fclose(f);
		return NULL;
	}
	n = fread(buf, 1, max, f);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Drop a last line without its line end (a write cut short). */
static void day_repair(const char *path)
{
	size_t len, keep;
	char *buf = file_read(path, SPOOL_DAY_MAX, &len);

	if (!buf)
		return;
	keep = len;
	while (keep > 0 && buf[keep - 1] != '\n')
		keep--;
	if (keep != len && truncate(path, (off_t)keep) != 0)
		fprintf(stderr, "spool: %s: cannot drop a cut line: %s\n", path, strerror(errno));
	free(buf);
}

/* Split a CSV line into at most @max fields in place (quotes understood). */
static int csv_split(char *line, char **fields, int max)
{
	int n = 0;
	char *r = line, *w;

	while (n < max) {
		fields[n++] = w = r;
		if (*r == '"') {
			r++;
			while (*r) {
				if (*r == '"' && r[1] == '"') {
					*w++ = '"';
					r += 2;
				} else if (*r == '"') {
					r++;
					break;
				} else {
					*w++ = *r++;
				}
			}
		}
		while (*r && *r != ',')
			*w++ = *r++;
		if (*r != ',') {
			*w = '\0';
			break;
		}
		r++;
		*w = '\0';
	}
	return n;
}

/* The whole lines of a day file read into memory; the bytes are not a string. */
struct lines {
	char *buf;
	size_t len, pos;
	unsigned lineno;
};

/*
 * The next whole line (ended by LF) as *@line of *@n bytes without its CR LF; the
 * byte after it is writable. A last line without its line end is not returned.
 */
static bool lines_next(struct lines *it, char **line, size_t *n)
{
	char *nl;

	if (it->pos >= it->len)
		return false;
	nl = memchr(it->buf + it->pos, '\n', it->len - it->pos);
	if (!nl)
		return false;
	*line = it->buf + it->pos;
	*n = (size_t)(nl - *line);
	if (*n > 0 && (*line)[*n - 1] == '\r')
		(*n)--;
	it->pos = (size_t)(nl - it->buf) + 1;
	it->lineno++;
	return true;
}

/*
 * Checks row @line of @n bytes and splits it in place into @f (SPOOL_COLUMNS
 * entries; an older row without the last column gets an empty one).
 * Return: 0 with *@seq and *@at, or -1 with *@why.
 */
static int row_parse(char *line, size_t n, char **f, uint64_t *seq, int64_t *at, const char **why)
{
	char *split[SPOOL_COLUMNS + 1], *end;
	unsigned long long v;
	int64_t taken;
	int cols;

	if (memchr(line, '\0', n)) {
		*why = "a NUL byte";
		return -1;
	}
	line[n] = '\0';
	cols = csv_split(line, split, SPOOL_COLUMNS + 1);
	if (cols != SPOOL_COLUMNS && cols != SPOOL_COLUMNS - 1) {
		*why = "not 11 or 12 columns";
		return -1;
	}
	if (split[0][0] < '1' || split[0][0] > '9') {
		*why = "no sequence number";
		return -1;
	}
	errno = 0;
	v = strtoull(split[0], &end, 10);
	if (errno || *end != '\0' || v > SPOOL_SEQ_MAX) {
		*why = "no sequence number";
		return -1;
	}
	if (civil_parse_iso8601(split[2], at) != 0) {
		*why = "no ISO 8601 time in column 3";
		return -1;
	}
	if (cols == SPOOL_COLUMNS && split[SPOOL_COLUMNS - 1][0] &&
	    civil_parse_iso8601(split[SPOOL_COLUMNS - 1], &taken) != 0) {
		*why = "column 12 is neither empty nor an ISO 8601 time";
		return -1;
	}
	if (cols == SPOOL_COLUMNS - 1)
		split[SPOOL_COLUMNS - 1] = line + n; /* the empty string */
	memcpy(f, split, SPOOL_COLUMNS * sizeof(*f));
	*seq = (uint64_t)v;
	return 0;
}

/* The number that row @line (@n bytes) starts with, 0 when it starts with none. */
static uint64_t lead_seq(const char *line, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n && i < 18 && line[i] >= '0' && line[i] <= '9'; i++)
		v = v * 10 + (uint64_t)(line[i] - '0');
	return i < n && line[i] == ',' ? v : 0;
}

/*
 * The highest sequence number of the rows of @path (bad rows too), and in *@last_at
 * the time of the good row with the highest number (unchanged when none); with
 * @report, each bad row is reported on stderr with its file and line.
 */
static uint64_t day_last_seq(const char *path, bool report, int64_t *last_at)
{
	struct lines it = { 0 };
	char *line, *f[SPOOL_COLUMNS];
	const char *why;
	uint64_t last = 0, good = 0, seq;
	int64_t at;
	size_t n;

	it.buf = file_read(path, SPOOL_DAY_MAX, &it.len);
	if (!it.buf)
		return 0;
	while (lines_next(&it, &line, &n)) {
		uint64_t lead = lead_seq(line, n);

		/* A bad row's number is not given again either: numbers never repeat. */
		if (lead > last)
			last = lead;
		if (row_parse(line, n, f, &seq, &at, &why) != 0) {
			if (report)
				fprintf(stderr, "spool: %s:%u: %s, row skipped\n", path, it.lineno,
					why);
			continue;
		}
		if (seq >= good) {
			good = seq;
			*last_at = at;
		}
	}
	free(it.buf);
	return last;
}

struct spool *spool_open(const char *dir, const char *office_id, int offset_min, int keep_days,
			 char *err, size_t errsize)
{
	struct spool *sp;
	int32_t days[SPOOL_DAYS_MAX];
	int n;

	if (strlen(dir) >= sizeof(sp->dir) || strlen(office_id) >= sizeof(sp->office_id)) {
		snprintf(err, errsize, "spool: directory or office id too long");
		return NULL;
	}
	if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
		snprintf(err, errsize, "spool: mkdir %s: %s", dir, strerror(errno));
		return NULL;
	}
	sp = calloc(1, sizeof(*sp));
	if (!sp) {
		snprintf(err, errsize, "spool: out of memory");
		return NULL;
	}
	snprintf(sp->dir, sizeof(sp->dir), "%s", dir);
	{
		char lock[300];

		snprintf(lock, sizeof(lock), "%s/lock", dir);
		sp->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
		if (sp->lock_fd < 0 || flock(sp->lock_fd, LOCK_EX | LOCK_NB) != 0) {
			snprintf(err, errsize, "spool: %s: %s", lock,
				 errno == EWOULDBLOCK ? "in use by another process"
						      : strerror(errno));
			if (sp->lock_fd >= 0)
				close(sp->lock_fd);
			free(sp);
			return NULL;
		}
	}
	snprintf(sp->office_id, sizeof(sp->office_id), "%s", office_id);
	sp->offset_min = offset_min;
	sp->keep_days = keep_days < 1 ? 1 : keep_days;

	n = days_list(sp, days, SPOOL_DAYS_MAX);
	if (n < 0) {
		snprintf(err, errsize, "spool: opendir %s: %s", dir, strerror(errno));
		close(sp->lock_fd);
		free(sp);
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		char path[320];
		uint64_t last;
		int64_t at = 0;

		day_path(sp, days[i], "csv", path, sizeof(path));
		day_repair(path);
		last = day_last_seq(path, true, &at);
		if (last > sp->seq) {
			sp->seq = last;
			sp->last_at = at;
		}
	}
	spool_prune(sp);
	return sp;
}

int spool_prune(struct spool *sp)
{
	int32_t days[SPOOL_DAYS_MAX];
	int n = days_list(sp, days, SPOOL_DAYS_MAX), removed = 0;

	/* Confirmed days beyond the retention: all but the last keep_days. */
	for (int i = 0; i + sp->keep_days < n; i++) {
		char path[320];
		long long size;

		day_path(sp, days[i], "csv", path, sizeof(path));
		size = file_size(path);
		if (size < 0 || (size_t)size > acked_get(sp, days[i]))
			continue;
		unlink(path);
		day_path(sp, days[i], "acked", path, sizeof(path));
		unlink(path);
		removed++;
	}
	return removed;
}

void spool_close(struct spool *sp)
{
	if (!sp)
		return;
	close(sp->lock_fd);
	free(sp->held);
	free(sp);
}

/* Append @field to @buf as a CSV field, quoted when it needs to be. */
static size_t csv_field(char *buf, size_t size, size_t at, const char *field)
{
	bool quote = strpbrk(field, ",\"\r\n") != NULL;

	if (!quote) {
		int n = snprintf(buf + at, at < size ? size - at : 0, "%s", field);
		return at + (size_t)(n < 0 ? 0 : n);
	}
	if (at < size)
		buf[at] = '"';
	at++;
	for (const char *p = field; *p; p++) {
		if (*p == '"') {
			if (at < size)
				buf[at] = '"';
			at++;
		}
		if (at < size)
			buf[at] = *p;
		at++;
	}
	if (at < size)
		buf[at] = '"';
	at++;
	if (at < size)
		buf[at] = '\0';
	return at;
}

static int row_format(const struct spool *sp, uint64_t seq, const struct spool_sample *s, char *buf,
		      size_t size)
{
	char when[32], wait[16], real[16], occ[16], level[16], taken[32] = "";
	struct civil c;
	size_t at;
	int n;

	civil_iso8601(s->at, sp->offset_min, when, sizeof(when));
	civil_from_ms(s->at, sp->offset_min, &c);
	if (s->wait_minutes >= 0)
		snprintf(wait, sizeof(wait), "%d", s->wait_minutes);
	else
		wait[0] = '\0';
	if (s->realised_minutes >= 0)
		snprintf(real, sizeof(real), "%d", s->realised_minutes);
	else
		real[0] = '\0';
	if (s->occupancy >= 0)
		snprintf(occ, sizeof(occ), "%d", s->occupancy);
	else
		occ[0] = '\0';
	n = snprintf(buf, size, "%llu,", (unsigned long long)seq);
	at = csv_field(buf, size, (size_t)n, sp->office_id);
	if (s->level >= 0)
		snprintf(level, sizeof(level), "%d", s->level);
	else
		level[0] = '\0';
	if (s->taken_at)
		civil_iso8601(s->taken_at, sp->offset_min, taken, sizeof(taken));
	n = snprintf(buf + at, at < size ? size - at : 0, ",%s,%s,%s,%d,%s,%s,%s,%s,%s,%s\r\n",
		     when, weekday_ja[c.weekday], s->status, s->waiting, wait, real, level,
		     s->level >= 0 ? s->level_code : "", occ, taken);
	if (n < 0 || at + (size_t)n >= size)
		return -1;
	return (int)(at + (size_t)n);
}

/* Write one row to its day file: whole and fsync'ed, or not at all. */
static int row_write(struct spool *sp, uint64_t seq, const struct spool_sample *s)
{
	char path[320], row[512];
	struct civil c;
	int len, fd, saved;
	ssize_t w;
	off_t before;
	bool created;

	len = row_format(sp, seq, s, row, sizeof(row));
	if (len < 0) {
		snprintf(sp->error, sizeof(sp->error), "spool: sample %llu does not fit a row",
			 (unsigned long long)seq);
		return -1;
	}
	civil_from_ms(s->at, sp->offset_min, &c);
	day_path(sp, c.yyyymmdd, "csv", path, sizeof(path));
	created = access(path, F_OK) != 0;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0)
		goto err_report;
	before = lseek(fd, 0, SEEK_END);
	if (before > SPOOL_DAY_MAX) {
		close(fd);
		errno = EFBIG;
		goto err_report;
	}
	w = write(fd, row, (size_t)len);
	if (w != len || fsync(fd) != 0) {
		saved = w >= 0 && w != len ? ENOSPC : errno;
		if (ftruncate(fd, before) != 0)
			fprintf(stderr, "spool: %s: cannot undo a cut row: %s\n", path,
				strerror(errno));
		close(fd);
		errno = saved;
		goto err_report;
	}
	if (close(fd) != 0)
		goto err_report;
	if (created)
		fsync_dir(sp->dir);
	return 0;

err_report:
	saved = errno;
	snprintf(sp->error, sizeof(sp->error), "spool: %s: %s", path, strerror(saved));
	return -1;
}

static int held_push(struct spool *sp, uint64_t seq, const struct spool_sample *s)
{
	if (sp->n_held == sp->held_cap) {
		size_t cap = sp->held_cap ? sp->held_cap * 2 : 64;
		struct held *h;

		if (cap > SPOOL_HELD_MAX)
			cap = SPOOL_HELD_MAX;
		if (sp->n_held == cap) {
			/* Full: the oldest gives way. */
			sp->held_head = (sp->held_head + 1) % sp->held_cap;
			sp->n_held--;
			sp->dropped++;
		} else {
			h = malloc(cap * sizeof(*h));
			if (!h) {
				sp->dropped++;
				return -1;
			}
			for (size_t i = 0; i < sp->n_held; i++)
				h[i] = sp->held[(sp->held_head + i) % sp->held_cap];
			free(sp->held);
			sp->held = h;
			sp->held_head = 0;
			sp->held_cap = cap;
		}
	}
	sp->held[(sp->held_head + sp->n_held) % sp->held_cap] = (struct held){ seq, *s };
	sp->n_held++;
	return 0;
}

int spool_flush(struct spool *sp)
{
	while (sp->n_held > 0) {
		struct held *h = &sp->held[sp->held_head];

		if (row_write(sp, h->seq, &h->s) != 0)
			return -1;
		sp->held_head = (sp->held_head + 1) % sp->held_cap;
		sp->n_held--;
	}
	sp->error[0] = '\0';
	return 0;
}

int spool_append(struct spool *sp, const struct spool_sample *s)
{
	uint64_t seq = ++sp->seq;

	sp->last_at = s->at;
	if (spool_flush(sp) == 0 && row_write(sp, seq, s) == 0) {
		sp->error[0] = '\0';
		return 0;
	}
	held_push(sp, seq, s);
	return -1;
}

const char *spool_error_get(const struct spool *sp)
{
	return sp->error[0] ? sp->error : NULL;
}

size_t spool_held_get(const struct spool *sp)
{
	return sp->n_held;
}

uint64_t spool_dropped_get(const struct spool *sp)
{
	return sp->dropped;
}

uint64_t spool_seq_get(const struct spool *sp)
{
	return sp->seq;
}

int64_t spool_last_at_get(const struct spool *sp)
{
	return sp->last_at;
}

int spool_pending(struct spool *sp, struct spool_upload *up)
{
	int32_t days[SPOOL_DAYS_MAX];
	int n = days_list(sp, days, SPOOL_DAYS_MAX);
	size_t hlen = strlen(csv_header);

	memset(up, 0, sizeof(*up));
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		char path[320], *line, *f[SPOOL_COLUMNS];
		struct lines it = { 0 };
		const char *why;
		size_t len, at;
		long long size;

		day_path(sp, days[i], "csv", path, sizeof(path));
		size = file_size(path);
		if (size < 0 || (size_t)size <= acked_get(sp, days[i]))
			continue;
		it.buf = file_read(path, SPOOL_DAY_MAX, &it.len);
		if (!it.buf)
			return -1;
		/* Only whole lines: a row being written is not sent. */
		while (it.len > 0 && it.buf[it.len - 1] != '\n')
			it.len--;
		if (it.len == 0) {
			free(it.buf);
			continue;
		}
		up->csv = malloc(hlen + it.len + 1);
		if (!up->csv) {
			free(it.buf);
			return -1;
		}
		memcpy(up->csv, csv_header, hlen);
		at = hlen;
		/* The good rows, as they are on disk; spool_open() reported the others. */
		while (lines_next(&it, &line, &len)) {
			size_t whole = it.pos - (size_t)(line - it.buf);
			uint64_t seq;
			int64_t when;

			memcpy(up->csv + at, line, whole);
			if (row_parse(line, len, f, &seq, &when, &why) != 0)
				continue;
			at += whole;
			if (!up->first_seq)
				up->first_seq = seq;
			up->last_seq = seq;
		}
		up->csv[at] = '\0';
		up->len = at;
		up->body_len = it.len;
		up->day = days[i];
		free(it.buf);
		return 1;
	}
	return 0;
}

void spool_upload_clear(struct spool_upload *up)
{
	free(up->csv);
	up->csv = NULL;
	up->len = 0;
}

int spool_ack(struct spool *sp, int32_t day, size_t body_len)
{
	char path[320], tmp[336], buf[32];
	int fd, len;

	if (body_len <= acked_get(sp, day))
		return 0;
	day_path(sp, day, "acked", path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	len = snprintf(buf, sizeof(buf), "%zu\n", body_len);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	if (write(fd, buf, (size_t)len) != len || fsync(fd) != 0) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	fsync_dir(sp->dir);
	return 0;
}

size_t spool_pending_rows(struct spool *sp)
{
	int32_t days[SPOOL_DAYS_MAX];
	int n = days_list(sp, days, SPOOL_DAYS_MAX);
	size_t rows = 0;

	for (int i = 0; i < n; i++) {
		char path[320], *body;
		size_t len, acked = acked_get(sp, days[i]);
		long long size;

		day_path(sp, days[i], "csv", path, sizeof(path));
		size = file_size(path);
		if (size < 0 || (size_t)size <= acked)
			continue;
		body = file_read(path, SPOOL_DAY_MAX, &len);
		if (!body)
			continue;
		for (size_t k = acked < len ? acked : len; k < len; k++)
			rows += body[k] == '\n';
		free(body);
	}
	return rows + sp->n_held;
}

static int int_field(const char *s, int dflt)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < 0 || v > 1000000)
		return dflt;
	return (int)v;
}

int spool_samples_load(struct spool *sp, int64_t since_ms, struct forecast_sample **out, size_t *n)
{
	int32_t days[SPOOL_DAYS_MAX];
	int nd = days_list(sp, days, SPOOL_DAYS_MAX);
	size_t cap = 0;
	struct civil since;

	*out = NULL;
	*n = 0;
	civil_from_ms(since_ms, sp->offset_min, &since);
	for (int i = 0; i < nd; i++) {
		struct lines it = { 0 };
		char path[320], *line;
		size_t len;

		if (days[i] < since.yyyymmdd)
			continue;
		day_path(sp, days[i], "csv", path, sizeof(path));
		it.buf = file_read(path, SPOOL_DAY_MAX, &it.len);
		if (!it.buf)
			continue;
		while (lines_next(&it, &line, &len)) {
			char *f[SPOOL_COLUMNS];
			struct forecast_sample s;
			const char *why;
			uint64_t seq;
			int real;

			/* Bad rows are skipped (spool_open() reported them). */
			if (row_parse(line, len, f, &seq, &s.at, &why) != 0 || s.at < since_ms)
				continue;
			s.open = strcmp(f[4], "open") == 0;
			s.waiting = int_field(f[5], -1);
			/* the realised wait when there is one, else the estimate */
			real = int_field(f[7], -1);
			s.wait_minutes = real >= 0 ? real : int_field(f[6], -1);
			if (*n == cap) {
				size_t ncap = cap ? cap * 2 : 1024;
				struct forecast_sample *g = realloc(*out, ncap * sizeof(*g));

				if (!g) {
					free(it.buf);
					free(*out);
					*out = NULL;
					*n = 0;
					return -1;
				}
				*out = g;
				cap = ncap;
			}
			(*out)[(*n)++] = s;
		}
		free(it.buf);
	}
	return 0;
}
