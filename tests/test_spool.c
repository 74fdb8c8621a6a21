/* SPDX-License-Identifier: MIT */
/* The history spool in a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/civil.h"
#include "feed/spool.h"

struct fx {
	char dir[64];
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/test_spool.XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

static struct spool_sample at(int32_t day, int minute, int waiting)
{
	struct spool_sample s = { .at = civil_to_ms(day, minute, 540),
				  .waiting = waiting,
				  .wait_minutes = waiting * 2,
				  .realised_minutes = -1,
				  .level = 1,
				  .occupancy = -1 };

	snprintf(s.status, sizeof(s.status), "open");
	snprintf(s.level_code, sizeof(s.level_code), "moderate");
	return s;
}

static struct spool *open_spool(struct fx *fx)
{
	char err[256];
	struct spool *sp = spool_open(fx->dir, "131016-0001", 540, 84, err, sizeof(err));

	if (!sp)
		fail_msg("%s", err);
	return sp;
}

/* Days are uploaded oldest first, whole, and only until confirmed. */
static void test_days_and_ack(void **state)
{
	struct fx *fx = *state;
	struct spool *sp = open_spool(fx);
	struct spool_sample a = at(20261122, 600, 3), b = at(20261123, 540, 4),
			    c = at(20261123, 545, 5);
	struct spool_upload up;

	assert_int_equal(spool_pending(sp, &up), 0);
	assert_int_equal(spool_append(sp, &a), 0);
	assert_int_equal(spool_append(sp, &b), 0);
	assert_int_equal(spool_pending_rows(sp), 2);

	assert_int_equal(spool_pending(sp, &up), 1);
	assert_int_equal(up.day, 20261122);
	assert_int_equal(up.first_seq, 1);
	assert_int_equal(up.last_seq, 1);
	assert_non_null(strstr(up.csv, "連番,施設ID,日時,曜日,営業状態,待ち人数"));
	assert_non_null(strstr(up.csv, "\r\n1,131016-0001,2026-11-22T10:00:00+09:00,日,open,3,6,,1,"
				       "moderate,,\r\n"));
	assert_int_equal(spool_ack(sp, up.day, up.body_len), 0);
	spool_upload_clear(&up);

	assert_int_equal(spool_pending(sp, &up), 1);
	assert_int_equal(up.day, 20261123);
	spool_upload_clear(&up);
	/* A new row comes before the confirmation: the next upload is the whole day. */
	assert_int_equal(spool_append(sp, &c), 0);
	assert_int_equal(spool_pending(sp, &up), 1);
	assert_int_equal(up.first_seq, 2);
	assert_int_equal(up.last_seq, 3);
	assert_int_equal(spool_ack(sp, up.day, up.body_len), 0);
	spool_upload_clear(&up);
	assert_int_equal(spool_pending(sp, &up), 0);
	assert_int_equal(spool_pending_rows(sp), 0);
	spool_close(sp);
}

/* A restart keeps numbering after the last row, drops a cut line, and
 * remembers what was confirmed. */
static void test_restart(void **state)
{
	struct fx *fx = *state;
	struct spool *sp = open_spool(fx);
	struct spool_sample a = at(20261123, 600, 1), b = at(20261123, 605, 2);
	struct spool_upload up;
	char path[160];
	FILE *f;

	assert_int_equal(spool_append(sp, &a), 0);
	assert_int_equal(spool_pending(sp, &up), 1);
	assert_int_equal(spool_ack(sp, up.day, up.body_len), 0);
	spool_upload_clear(&up);
	assert_int_equal(spool_append(sp, &b), 0);
	spool_close(sp);

	snprintf(path, sizeof(path), "%s/history-2026-11-23.csv", fx->dir);
	f = fopen(path, "a");
	fputs("3,131016-0001,2026-11-23T10:1", f); /* a crash mid-write */
	fclose(f);

	sp = open_spool(fx);
	assert_int_equal(spool_seq_get(sp), 2);
	assert_int_equal(spool_pending_rows(sp), 1);
	assert_int_equal(spool_pending(sp, &up), 1);
	assert_int_equal(up.first_seq, 1);
	assert_int_equal(up.last_seq, 2);
	assert_null(strstr(up.csv, "10:1\r\n"));
	spool_upload_clear(&up);
	assert_int_equal(spool_append(sp, &a), 0);
	assert_int_equal(spool_seq_get(sp), 3);
	spool_close(sp);
}

/* When the day file cannot be written, samples are held in order and the
 * error is told; they are written in order when it can be again. */
static void test_held(void **state)
{
	struct fx *fx = *state;
	struct spool *sp = open_spool(fx);
	struct spool_sample a = at(20261123, 600, 1), b = at(20261123, 605, 2),
			    c = at(20261123, 610, 3);
	struct spool_upload up;
	char path[160];

	snprintf(path, sizeof(path), "%s/history-2026-11-23.csv", fx->dir);
	assert_int_equal(mkdir(path, 0700), 0); /* in the way of the day file */
	assert_int_equal(spool_append(sp, &a), -1);
	assert_int_equal(spool_append(sp, &b), -1);
	assert_non_null(spool_error_get(sp));
	assert_non_null(strstr(spool_error_get(sp), "history-2026-11-23.csv"));
	assert_int_equal(spool_held_get(sp), 2);
	assert_int_equal(spool_flush(sp), -1);

	assert_int_equal(rmdir(path), 0);
	assert_int_equal(spool_append(sp, &c), 0);
	assert_null(spool_error_get(sp));
	assert_int_equal(spool_held_get(sp), 0);
	assert_int_equal(spool_pending(sp, &up), 1);
	assert_int_equal(up.first_seq, 1);
	assert_int_equal(up.last_seq, 3);
	assert_non_null(strstr(up.csv, "\r\n1,"));
	assert_true(strstr(up.csv, "\r\n1,") < strstr(up.csv, "\r\n2,"));
	assert_true(strstr(up.csv, "\r\n2,") < strstr(up.csv, "\r\n3,"));
	spool_upload_clear(&up);
	spool_close(sp);
}

/* Only confirmed days beyond the retention are removed. */
static void test_prune(void **state)
{
	struct fx *fx = *state;
	char err[256];
	struct spool *sp = spool_open(fx->dir, "131016-0001", 540, 2, err, sizeof(err));
	struct spool_upload up;
	char path[160];

	assert_non_null(sp);
	for (int d = 20; d <= 23; d++) {
		struct spool_sample s = at(20261100 + d, 600, d);

		assert_int_equal(spool_append(sp, &s), 0);
	}
	/* Confirm the 20th and the 22nd; the 21st stays pending. */
	assert_int_equal(spool_pending(sp, &up), 1);
	assert_int_equal(up.day, 20261120);
	assert_int_equal(spool_ack(sp, up.day, up.body_len), 0);
	spool_upload_clear(&up);
	assert_int_equal(spool_ack(sp, 20261122, 1000000), 0);
	assert_int_equal(spool_prune(sp), 1);
	snprintf(path, sizeof(path), "%s/history-2026-11-20.csv", fx->dir);
	assert_int_not_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/history-2026-11-21.csv", fx->dir);
	assert_int_equal(access(path, F_OK), 0);
	assert_int_equal(spool_pending(sp, &up), 1);
	assert_int_equal(up.day, 20261121);
	spool_upload_clear(&up);
	spool_close(sp);
}

/* One process per spool: a second open is refused until the first closes. */
static void test_lock(void **state)
{
	struct fx *fx = *state;
	struct spool *a = open_spool(fx), *b;
	char err[256] = "";

	b = spool_open(fx->dir, "131016-0001", 540, 84, err, sizeof(err));
	assert_null(b);
	assert_non_null(strstr(err, "in use"));
	spool_close(a);
	b = open_spool(fx);
	spool_close(b);
}

static void test_samples_load(void **state)
{
	struct fx *fx = *state;
	struct spool *sp = open_spool(fx);
	struct spool_sample a = at(20261116, 600, 7), b = at(20261123, 600, 9);
	struct forecast_sample *s;
	size_t n;

	b.wait_minutes = -1;
	b.realised_minutes = 25; /* preferred to the estimate */
	b.level = -1;
	snprintf(b.status, sizeof(b.status), "closed");
	assert_int_equal(spool_append(sp, &a), 0);
	assert_int_equal(spool_append(sp, &b), 0);
	assert_int_equal(spool_samples_load(sp, civil_to_ms(20261110, 0, 540), &s, &n), 0);
	assert_int_equal(n, 2);
	assert_true(s[0].at == a.at && s[0].open && s[0].waiting == 7 && s[0].wait_minutes == 14);
	assert_true(s[1].at == b.at && !s[1].open && s[1].waiting == 9 && s[1].wait_minutes == 25);
	free(s);
	assert_int_equal(spool_samples_load(sp, civil_to_ms(20261120, 0, 540), &s, &n), 0);
	assert_int_equal(n, 1);
	free(s);
	spool_close(sp);
}

/* Runs spool_open() on @fx's directory with stderr in a file; returns what it said. */
static struct spool *open_spool_said(struct fx *fx, char *said, size_t size)
{
	char path[96], err[256];
	int saved = dup(2), fd;
	struct spool *sp;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/stderr", fx->dir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0 && saved >= 0);
	fflush(stderr);
	dup2(fd, 2);
	sp = spool_open(fx->dir, "131016-0001", 540, 84, err, sizeof(err));
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(fd, said, size - 1, 0);
	said[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	if (!sp)
		fail_msg("%s", err);
	return sp;
}

/*
 * A day file is read as bytes: a NUL byte, a row of wrong columns or without a
 * number does not reset the numbering, cut the upload or stop the samples;
 * each bad row is skipped and named by file and line.
 */
static void test_bad_rows(void **state)
{
	struct fx *fx = *state;
	struct spool *sp = open_spool(fx);
	struct spool_sample a = at(20261123, 600, 1), b = at(20261123, 605, 2),
			    c = at(20261123, 610, 3);
	struct forecast_sample *fs;
	struct spool_upload up;
	char path[160], said[1024], want[256];
	static const char junk[] =
		"4,131016-0001,2026-11-23T10:15:00+09:00,\0,open,1,2,,1,low,,\r\n"
		"x,131016-0001,2026-11-23T10:16:00+09:00,月,open,1,2,,1,low,,\r\n"
		"5,131016-0001,2026-11-23T10:17:00+09:00,月\r\n"
		"6,131016-0001,not a time,月,open,1,2,,1,low,,\r\n";
	FILE *f;
	size_t n;

	assert_int_equal(spool_append(sp, &a), 0);
	assert_int_equal(spool_append(sp, &b), 0);
	assert_int_equal(spool_append(sp, &c), 0);
	spool_close(sp);
	snprintf(path, sizeof(path), "%s/history-2026-11-23.csv", fx->dir);
	f = fopen(path, "ab");
	assert_int_equal(fwrite(junk, 1, sizeof(junk) - 1, f), sizeof(junk) - 1);
	fclose(f);

	sp = open_spool_said(fx, said, sizeof(said));
	/* the bad rows keep their numbers: the next sample is 7 */
	assert_int_equal(spool_seq_get(sp), 6);
	snprintf(want, sizeof(want), "spool: %s:4: a NUL byte, row skipped\n", path);
	assert_non_null(strstr(said, want));
	snprintf(want, sizeof(want), "spool: %s:5: no sequence number, row skipped\n", path);
	assert_non_null(strstr(said, want));
	snprintf(want, sizeof(want), "spool: %s:6: not 11 or 12 columns, row skipped\n", path);
	assert_non_null(strstr(said, want));
	snprintf(want, sizeof(want), "spool: %s:7: no ISO 8601 time in column 3, row skipped\n",
		 path);
	assert_non_null(strstr(said, want));

	assert_int_equal(spool_append(sp, &c), 0);
	assert_int_equal(spool_seq_get(sp), 7);
	assert_int_equal(spool_pending(sp, &up), 1);
	assert_int_equal(up.first_seq, 1);
	assert_int_equal(up.last_seq, 7);
	assert_int_equal(strlen(up.csv), up.len);
	assert_null(strstr(up.csv, "\r\nx,"));
	assert_null(strstr(up.csv, "not a time"));
	assert_null(strstr(up.csv, "\r\n4,"));
	assert_non_null(strstr(up.csv, "\r\n7,131016-0001,2026-11-23T10:10:00+09:00,"));
	spool_upload_clear(&up);
	assert_int_equal(spool_samples_load(sp, civil_to_ms(20261120, 0, 540), &fs, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(fs[3].at, c.at);
	free(fs);
	spool_close(sp);
}

/* Rows of 11 columns written before 取得日時 was added are read as before. */
static void test_old_rows(void **state)
{
	struct fx *fx = *state;
	struct spool *sp;
	struct spool_upload up;
	char path[160], said[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/history-2026-11-23.csv", fx->dir);
	f = fopen(path, "wb");
	fputs("41,131016-0001,2026-11-23T10:15:00+09:00,月,open,49,45,38,2,high,23\r\n", f);
	fclose(f);
	sp = open_spool_said(fx, said, sizeof(said));
	assert_string_equal(said, "");
	assert_int_equal(spool_seq_get(sp), 41);
	assert_int_equal(spool_last_at_get(sp), civil_to_ms(20261123, 615, 540));
	assert_int_equal(spool_pending(sp, &up), 1);
	assert_int_equal(up.last_seq, 41);
	spool_upload_clear(&up);
	spool_close(sp);
}

/* An office id with a comma or a quote is quoted (RFC 4180) and read back; a late sample
 * says when it was taken. */
static void test_quoting_and_late(void **state)
{
	struct fx *fx = *state;
	char err[256];
	struct spool *sp = spool_open(fx->dir, "a,\"b\"", 540, 84, err, sizeof(err));
	struct spool_sample a = at(20261123, 600, 1);
	struct forecast_sample *fs;
	struct spool_upload up;
	size_t n;

	assert_non_null(sp);
	a.taken_at = a.at + 125000;
	assert_int_equal(spool_append(sp, &a), 0);
	assert_int_equal(spool_pending(sp, &up), 1);
	assert_non_null(strstr(up.csv,
			       "\r\n1,\"a,\"\"b\"\"\",2026-11-23T10:00:00+09:00,月,open,1,2,,1,"
			       "moderate,,2026-11-23T10:02:05+09:00\r\n"));
	assert_int_equal(up.last_seq, 1);
	spool_upload_clear(&up);
	assert_int_equal(spool_samples_load(sp, 0, &fs, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(fs[0].waiting, 1);
	free(fs);
	spool_close(sp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_days_and_ack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_held, setup, teardown),
		cmocka_unit_test_setup_teardown(test_samples_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prune, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_old_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoting_and_late, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
