/* SPDX-License-Identifier: MIT */
/*
 * ESC/POS, the command language of Epson TM receipt printers and of the 58
 * and 80 mm clones: the bytes of a ticket printed as a raster image (GS v 0),
 * the cut, and the real-time status queries (DLE EOT) with their answers.
 * Pure: bytes in and out, no I/O.
 */
#ifndef MACHIAI_PRINTER_ESCPOS_H
#define MACHIAI_PRINTER_ESCPOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"

#define ESCPOS_BAND_ROWS 64 /* rows per GS v 0 command: small enough for every clone's buffer */
#define ESCPOS_MAX_BYTES (4 * 1024 * 1024) /* a ticket never needs more */
#define ESCPOS_STATUS_QUERY_LEN 9 /* DLE EOT 1, DLE EOT 2, DLE EOT 4 */
#define ESCPOS_STATUS_REPLY_LEN 3 /* one byte each, in that order */

/* What a printer can say is wrong (the daemon's problem codes, docs/api.md). */
enum escpos_problem {
	ESCPOS_PAPER_OUT,
	ESCPOS_COVER_OPEN,
	ESCPOS_ERROR,
	ESCPOS_OFFLINE,
	ESCPOS_UNREACHABLE,
	ESCPOS_PAPER_NEAR_END,
	ESCPOS_PROBLEM_COUNT
};

/* Problems that stop printing; paper near its end does not. */
#define ESCPOS_FAULTS                                                                  \
	((1u << ESCPOS_PAPER_OUT) | (1u << ESCPOS_COVER_OPEN) | (1u << ESCPOS_ERROR) | \
	 (1u << ESCPOS_OFFLINE) | (1u << ESCPOS_UNREACHABLE))

/* A growing byte buffer with a cap. */
struct escpos_buf {
	uint8_t *data;
	size_t len, cap;
	bool full; /* a write went past ESCPOS_MAX_BYTES or out of memory: unusable */
};

/** escpos_buf_free() - free the bytes of @b and empty it. */
void escpos_buf_free(struct escpos_buf *b);

/**
 * escpos_ticket() - the bytes of one ticket: initialise (ESC @), the
 * @height rows of 1-bit image @bits (@width dots across, a multiple of 8;
 * rows of @width / 8 bytes, most significant bit leftmost, 1 = black) as
 * GS v 0 bands of ESCPOS_BAND_ROWS, then feed and cut by @cut. When
 * @resync, first as many NUL bytes as one band takes, so that a printer
 * left inside a band by an aborted ticket finishes it blank.
 * Return: 0 with the bytes appended to @out, -1 when they do not fit.
 */
int escpos_ticket(struct escpos_buf *out, const uint8_t *bits, int width, int height,
		  enum config_cut cut, bool resync);

/** escpos_status_query() - the DLE EOT 1, 2, 4 queries, ESCPOS_STATUS_QUERY_LEN bytes. */
const uint8_t *escpos_status_query(void);

/**
 * escpos_status_parse() - the problems (1 << enum escpos_problem) told by
 * the three answers @reply to escpos_status_query().
 * Return: 0, or -1 when the bytes are not status answers.
 */
int escpos_status_parse(const uint8_t reply[ESCPOS_STATUS_REPLY_LEN], unsigned *problems);

/** escpos_problem_code() - "paper_out", ...: the code of @p in the API, or NULL. */
const char *escpos_problem_code(int p);

#endif
