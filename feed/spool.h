/* SPDX-License-Identifier: MIT */
/*
 * The history spool: one sample every history interval, appended (and
 * fsync'ed) to the day's file STATE/history-YYYY-MM-DD.csv, one CSV row per
 * line, numbered by a sequence that never repeats. The day file is the body
 * of the day's open-data CSV (docs/feed.md); the CSV uploaded is always the
 * header plus the whole day file, so a PUT that replaces the server's file
 * can neither lose nor duplicate a row. STATE/history-YYYY-MM-DD.acked holds
 * how many bytes of the day file the server confirmed (2xx); a day is
 * pending while its file is longer than that. Day files are kept for
 * keep_days (the forecast reads them) and never removed before they are
 * confirmed.
 *
 * When a write fails (disk full, ...), samples are held in memory in order
 * (up to SPOOL_HELD_MAX) and written on the next append or spool_flush(),
 * and spool_error_get() says what is wrong.
 */
#ifndef MACHIAI_FEED_SPOOL_H
#define MACHIAI_FEED_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "core/forecast.h"

#define SPOOL_HELD_MAX 50000 /* samples held in memory while the disk refuses them */
#define SPOOL_COLUMNS \
	12 /* of the CSV (docs/feed.md); rows of 11 from before 取得日時 are read too */
#define SPOOL_DAY_MAX (4 * 1024 * 1024) /* a day file larger than this is refused */

/* One sample of the office state. */
struct spool_sample {
	int64_t at; /* ms since the Unix epoch */
	char status[12]; /* "open", "closed", "suspended" */
	int waiting; /* tickets waiting, all categories */
	int wait_minutes; /* longest median estimated wait over categories, -1 none */
	int realised_minutes; /* median wait of the tickets called since the last sample, -1 none */
	int level; /* overall congestion level 0..3, -1 unknown */
	char level_code[12]; /* "low", "moderate", "high", "very_high" */
	int occupancy; /* people inside, -1 when not counted */
	int64_t taken_at; /* when it was taken, for a sample taken late; 0 when taken at @at */
};

/* A day's CSV ready to upload. */
struct spool_upload {
	int32_t day; /* YYYYMMDD */
	char *csv; /* header and rows, owned: free with spool_upload_clear() */
	size_t len;
	size_t body_len; /* bytes of the day file included: pass to spool_ack() */
	uint64_t first_seq, last_seq;
};

struct spool;

/**
 * spool_open() - open (creating it if needed) the spool in directory @dir
 * for office @office_id at UTC offset @offset_min; day files older than
 * @keep_days and confirmed are removed. A line cut short by a crash is
 * dropped; a row that cannot be read (a NUL byte, a wrong number of columns, no
 * sequence number or time) is reported on stderr as "spool: FILE:LINE: why, row
 * skipped", and left out of numbering, uploads and samples. The spool is locked (flock on DIR/lock) until spool_close(): a
 * second process opening it gets an error.
 * Return: the spool, to be closed with spool_close(), or NULL with @err set.
 */
struct spool *spool_open(const char *dir, const char *office_id, int offset_min, int keep_days,
			 char *err, size_t errsize);

/**
 * spool_prune() - remove confirmed day files beyond the newest keep_days
 * (spool_open() does it too; call it once a day).
 * Return: the number of days removed.
 */
int spool_prune(struct spool *sp);

/** spool_close() - close @sp; NULL is fine. Samples still held in memory are lost. */
void spool_close(struct spool *sp);

/**
 * spool_append() - number @s and write it to its day file (after any
 * samples held from earlier). When the write fails the sample is held.
 * Return: 0 when it is on disk, -1 when held (see spool_error_get()).
 */
int spool_append(struct spool *sp, const struct spool_sample *s);

/**
 * spool_flush() - write the samples held in memory.
 * Return: 0 when none is left, -1 otherwise.
 */
int spool_flush(struct spool *sp);

/** spool_error_get() - the last write error, or NULL when the spool is healthy. */
const char *spool_error_get(const struct spool *sp);

/** spool_held_get() - samples held in memory; spool_dropped_get() - dropped past the cap. */
size_t spool_held_get(const struct spool *sp);
uint64_t spool_dropped_get(const struct spool *sp);

/** spool_seq_get() - the sequence number of the last sample taken (0 before any). */
uint64_t spool_seq_get(const struct spool *sp);
/** spool_last_at_get() - the time of that sample (0 before any). */
int64_t spool_last_at_get(const struct spool *sp);

/**
 * spool_pending() - the oldest day with rows the server has not confirmed,
 * as a whole CSV in @up (free with spool_upload_clear()).
 * Return: 1 when @up is filled, 0 when nothing is pending, -1 on error.
 */
int spool_pending(struct spool *sp, struct spool_upload *up);

/** spool_upload_clear() - free the CSV of @up; safe to call twice. */
void spool_upload_clear(struct spool_upload *up);

/**
 * spool_ack() - record that the server holds the first @body_len bytes of
 * day @day's file (from a spool_upload after a 2xx).
 * Return: 0, or -1 when the mark could not be written (the day is then
 * uploaded again, which is harmless).
 */
int spool_ack(struct spool *sp, int32_t day, size_t body_len);

/** spool_pending_rows() - rows on disk not yet confirmed by the server. */
size_t spool_pending_rows(struct spool *sp);

/**
 * spool_samples_load() - every sample on disk since @since_ms, for the
 * forecast. *@out is malloc'ed (free() it), *@n its length.
 * Return: 0, or -1 when out of memory.
 */
int spool_samples_load(struct spool *sp, int64_t since_ms, struct forecast_sample **out, size_t *n);

/** spool_csv_header() - the CSV header row, with its line end. */
const char *spool_csv_header(void);

#endif
