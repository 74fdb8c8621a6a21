/* SPDX-License-Identifier: MIT */
#include "daemon/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/civil.h"
#include "daemon/evjson.h"

struct journal {
	char dir[JOURNAL_PATH_MAX];
	int offset_min;
	int fd; /* the open day's file, or -1 */
	int32_t day; /* its local date */
	off_t size; /* its length */
};

struct journal *journal_new(const char *dir, int offset_min)
{
	struct journal *j;

	if (strlen(dir) + 32 >= JOURNAL_PATH_MAX) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	j = calloc(1, sizeof(*j));
	if (!j)
		return NULL;
	memcpy(j->dir, dir, strlen(dir) + 1);
	j->offset_min = offset_min;
	j->fd = -1;
	return j;
}

void journal_free(struct journal *j)
{
	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);
	free(j);
}

int journal_path(const struct journal *j, int32_t yyyymmdd, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/journal-%04d-%02d-%02d.jsonl", j->dir,
			 (int)(yyyymmdd / 10000), (int)(yyyymmdd / 100 % 100),
			 (int)(yyyymmdd % 100));

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Make a newly created file's directory entry durable. */
static void journal_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return;
	fsync(fd);
	close(fd);
}

static int journal_open_day(struct journal *j, int32_t day)
{
	char path[JOURNAL_PATH_MAX];
	struct stat sb;
	bool created;
	int fd;

	if (journal_path(j, day, path, sizeof(path)) < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	created = stat(path, &sb) < 0;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) < 0) {
		close(fd);
		return -1;
	}
	if (created)
		journal_sync_dir(j->dir);
	if (j->fd >= 0)
		close(j->fd);
	j->fd = fd;
	j->day = day;
	j->size = sb.st_size;
	return 0;
}

int journal_append(struct journal *j, const struct event *ev, char *err, size_t errsize)
{
	struct civil c;
	char *line;
	size_t len, done = 0;
	int saved;

	if (!evjson_event_times_ok(ev, j->offset_min)) {
		snprintf(
			err, errsize,
			"the event's time cannot be written: times run from 1970 to the end of 9999");
		errno = EINVAL;
		return -1;
	}
	civil_from_ms(ev->at, j->offset_min, &c);
	if ((j->fd < 0 || c.yyyymmdd != j->day) && journal_open_day(j, c.yyyymmdd) < 0) {
		saved = errno;
		snprintf(err, errsize, "cannot open the journal of %d in %s: %s", (int)c.yyyymmdd,
			 j->dir, strerror(saved));
		errno = saved;
		return -1;
	}
	line = evjson_encode(ev, j->offset_min);
	if (!line) {
		snprintf(err, errsize, "out of memory encoding the event");
		errno = ENOMEM;
		return -1;
	}
	len = strlen(line);
	line[len++] = '\n'; /* replaces the NUL; the buffer is not a string any more */
	while (done < len) {
		ssize_t n = write(j->fd, line + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto err_cut_back;
		done += (size_t)n;
	}
	if (fdatasync(j->fd) < 0)
		goto err_cut_back;
	free(line);
	j->size += (off_t)len;
	return 0;

err_cut_back:
	saved = errno ? errno : EIO;
	free(line);
	snprintf(err, errsize, "cannot write the journal of %d in %s: %s", (int)c.yyyymmdd, j->dir,
		 strerror(saved));
	if (ftruncate(j->fd, j->size) == 0)
		fdatasync(j->fd);
	errno = saved;
	return -1;
}

/* Read the whole file at @path into a malloc'd buffer. ENOENT is returned as-is. */
static int journal_read_file(const char *path, char **out, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	char *buf;
	size_t done = 0;

	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) < 0)
		goto err_close;
	if (sb.st_size > JOURNAL_FILE_MAX) {
		errno = EFBIG;
		goto err_close;
	}
	buf = malloc((size_t)sb.st_size + 1);
	if (!buf)
		goto err_close;
	while (done < (size_t)sb.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)sb.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			goto err_close;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	close(fd);
	buf[done] = '\0';
	*out = buf;
	*len = done;
	return 0;

err_close:
	close(fd);
	return -1;
}

int journal_replay(const char *path, struct office *o, bool repair, FILE *log,
		   struct journal_replay_stats *st)
{
	struct journal_replay_stats local = { 0 };
	char *buf = NULL;
	size_t len = 0, pos = 0, good_end = 0;
	int line = 0, first_bad_after_good = 0;
	char err[EVJSON_ERROR_MAX];

	if (!st)
		st = &local;
	memset(st, 0, sizeof(*st));
	if (journal_read_file(path, &buf, &len) < 0) {
		if (errno == ENOENT)
			return 0;
		fprintf(log, "<3>journal: %s: cannot read: %s\n", path, strerror(errno));
		return -1;
	}
	while (pos < len) {
		char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;
		struct event ev;
		struct office_error oerr = { 0 };

		line++;
		if (!nl) {
			/* A last line without its newline was never acknowledged. */
			if (!first_bad_after_good)
				first_bad_after_good = line;
			break;
		}
		st->lines++;
		if (end == pos || evjson_decode(buf + pos, end - pos, &ev, err, sizeof(err)) < 0) {
			if (end == pos)
				snprintf(err, sizeof(err), "empty line");
			if (!first_bad_after_good)
				first_bad_after_good = line;
			st->bad++;
			fprintf(log, "<3>journal: %s:%d: not a valid event, skipped: %s\n", path,
				line, err);
			pos = end + 1;
			continue;
		}
		first_bad_after_good = 0;
		good_end = end + 1;
		if (office_apply(o, &ev, &oerr) < 0) {
			st->refused++;
			fprintf(log, "<3>journal: %s:%d: %s refused, skipped: %s: %s\n", path, line,
				event_type_name(ev.type), oerr.code ? oerr.code : "error",
				oerr.message);
		} else {
			st->applied++;
		}
		pos = end + 1;
	}
	if (good_end < len) {
		/* Nothing valid after good_end: a torn tail, not damage in the middle. */
		st->torn = true;
		st->torn_bytes = (long)(len - good_end);
		fprintf(log, "<4>journal: %s:%d: torn tail of %ld bytes (power cut mid-write?)%s\n",
			path, first_bad_after_good, st->torn_bytes,
			repair ? ", cut off" : ", ignored");
		for (size_t i = good_end; i < len; i++) {
			if (buf[i] == '\n')
				st->bad--; /* counted as torn, not as bad */
		}
		if (repair && truncate(path, (off_t)good_end) < 0) {
			fprintf(log, "<3>journal: %s: cannot cut off the torn tail: %s\n", path,
				strerror(errno));
			free(buf);
			return -1;
		}
	}
	free(buf);
	return 0;
}
