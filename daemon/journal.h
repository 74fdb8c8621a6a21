/* SPDX-License-Identifier: MIT */
/*
 * The journal: every event the daemon accepts, one JSON line each
 * (daemon/evjson.h), appended and flushed to disk (fdatasync) before the
 * daemon answers. One file per local day in the state folder:
 * STATE_DIR/journal-YYYY-MM-DD.jsonl. Replaying today's file rebuilds the
 * office state after a restart (docs/api.md "Journal and recovery").
 */
#ifndef MACHIAI_DAEMON_JOURNAL_H
#define MACHIAI_DAEMON_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/event.h"
#include "core/office.h"

#define JOURNAL_PATH_MAX 512
#define JOURNAL_FILE_MAX (64 * 1024 * 1024) /* a day's file larger than this is refused */

struct journal;

/* What a replay found. */
struct journal_replay_stats {
	int lines; /* complete lines read */
	int applied; /* events applied to the office */
	int bad; /* lines that are not a valid event, reported, skipped */
	int refused; /* valid events the office refused, reported, skipped */
	bool torn; /* the file ended in a torn (incomplete or unreadable) tail */
	long torn_bytes; /* bytes of that tail, cut off when repairing */
};

/**
 * journal_new() - a journal writing to folder @dir, naming its files by the
 * local date at UTC offset @offset_min. No file is opened yet.
 * Return: the journal, to be freed with journal_free(), or NULL (errno set;
 * ENAMETOOLONG when @dir is too long).
 */
struct journal *journal_new(const char *dir, int offset_min);

/** journal_free() - close the current file and free @j; NULL is fine. */
void journal_free(struct journal *j);

/**
 * journal_path() - the file of local day @yyyymmdd into @buf (@size bytes).
 * Return: 0, or -1 when it does not fit.
 */
int journal_path(const struct journal *j, int32_t yyyymmdd, char *buf, size_t size);

/**
 * journal_append() - append @ev to the file of its local day (opening a new
 * file when the day changes: daily rotation), then fdatasync. Either the
 * whole line is on disk when it returns 0, or the file is cut back to its
 * previous length and it returns -1 with errno set and a message in @err.
 */
int journal_append(struct journal *j, const struct event *ev, char *err, size_t errsize);

/**
 * journal_replay() - apply every event of the file at @path to @o in order.
 * Lines that are not valid events and events @o refuses are reported to
 * @log as "PATH:LINE: ..." (one line each, sd-daemon level prefix), skipped,
 * and counted; the replay goes on, so that nothing acknowledged after a
 * damaged line is lost. A torn tail (a last line without its newline, or
 * unreadable lines with nothing valid after them: a power cut mid-write) is
 * reported and, when @repair, cut off the file so that appends start on a
 * clean line. A missing file is an empty journal.
 * Return: 0 with @st filled (may be NULL), or -1 when the file cannot be
 * read or repaired (errno set, reported to @log).
 */
int journal_replay(const char *path, struct office *o, bool repair, FILE *log,
		   struct journal_replay_stats *st);

#endif
