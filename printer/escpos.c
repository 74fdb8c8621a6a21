/* SPDX-License-Identifier: MIT */
#include "printer/escpos.h"

#include <stdlib.h>
#include <string.h>

#define ESCPOS_FEED_DOTS 3 /* GS V m n: past the cutter by n dots */

static const char *const escpos_codes[ESCPOS_PROBLEM_COUNT] = {
	[ESCPOS_PAPER_OUT] = "paper_out",
	[ESCPOS_COVER_OPEN] = "cover_open",
	[ESCPOS_ERROR] = "error",
	[ESCPOS_OFFLINE] = "offline",
	[ESCPOS_UNREACHABLE] = "unreachable",
	[ESCPOS_PAPER_NEAR_END] = "paper_near_end",
};

void escpos_buf_free(struct escpos_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

static void escpos_put(struct escpos_buf *b, const void *data, size_t n)
{
	if (b->full)
		return;
	if (b->len + n > ESCPOS_MAX_BYTES) {
		b->full = true;
		return;
	}
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		uint8_t *nd;

		while (cap < b->len + n)
			cap *= 2;
		nd = realloc(b->data, cap);
		if (!nd) {
			b->full = true;
			return;
		}
		b->data = nd;
		b->cap = cap;
	}
	if (data)
		memcpy(b->data + b->len, data, n);
	else
		memset(b->data + b->len, 0, n);
	b->len += n;
}

int escpos_ticket(struct escpos_buf *out, const uint8_t *bits, int width, int height,
		  enum config_cut cut, bool resync)
{
	static const uint8_t init[] = { 0x1b, '@' }; /* ESC @: initialise */
	const int row = width / 8;

	if (width <= 0 || width % 8 != 0 || height < 0)
		return -1;
	if (resync)
		escpos_put(out, NULL, (size_t)row * ESCPOS_BAND_ROWS);
	escpos_put(out, init, sizeof(init));
	for (int y = 0; y < height; y += ESCPOS_BAND_ROWS) {
		int rows = height - y < ESCPOS_BAND_ROWS ? height - y : ESCPOS_BAND_ROWS;
		/* GS v 0 m xL xH yL yH: m = 0, normal size; x in bytes, y in dots */
		const uint8_t head[] = { 0x1d,
					 'v',
					 '0',
					 0,
					 (uint8_t)(row & 0xff),
					 (uint8_t)(row >> 8),
					 (uint8_t)(rows & 0xff),
					 (uint8_t)(rows >> 8) };

		escpos_put(out, head, sizeof(head));
		escpos_put(out, bits + (size_t)y * (size_t)row, (size_t)rows * (size_t)row);
	}
	if (cut == CONFIG_CUT_NONE) {
		static const uint8_t feed[] = { 0x1b, 'd', 6 }; /* ESC d n: feed n lines */

		escpos_put(out, feed, sizeof(feed));
	} else {
		/* GS V m n: feed to the cutter and cut; 65 full, 66 partial */
		const uint8_t cmd[] = { 0x1d, 'V', cut == CONFIG_CUT_FULL ? 65 : 66,
					ESCPOS_FEED_DOTS };

		escpos_put(out, cmd, sizeof(cmd));
	}
	return out->full ? -1 : 0;
}

const uint8_t *escpos_status_query(void)
{
	static const uint8_t q[ESCPOS_STATUS_QUERY_LEN] = { 0x10, 0x04, 1,    0x10, 0x04,
							    2,	  0x10, 0x04, 4 };

	return q;
}

/* A status answer has bits 1 and 4 set and bits 0 and 7 clear. */
static bool escpos_is_status(uint8_t b)
{
	return (b & 0x93) == 0x12;
}

int escpos_status_parse(const uint8_t reply[ESCPOS_STATUS_REPLY_LEN], unsigned *problems)
{
	uint8_t printer = reply[0], offline = reply[1], paper = reply[2];
	unsigned p = 0;

	if (!escpos_is_status(printer) || !escpos_is_status(offline) || !escpos_is_status(paper))
		return -1;
	if ((paper & 0x60) || (offline & 0x20)) /* roll paper end; stopped at paper end */
		p |= 1u << ESCPOS_PAPER_OUT;
	else if (paper & 0x0c) /* roll paper near end */
		p |= 1u << ESCPOS_PAPER_NEAR_END;
	if (offline & 0x04)
		p |= 1u << ESCPOS_COVER_OPEN;
	if (offline & 0x40)
		p |= 1u << ESCPOS_ERROR;
	/* Off line for a reason of its own (paper fed by hand, waiting to recover). */
	if ((printer & 0x08) && !(p & ESCPOS_FAULTS))
		p |= 1u << ESCPOS_OFFLINE;
	*problems = p;
	return 0;
}

const char *escpos_problem_code(int p)
{
	return p >= 0 && p < ESCPOS_PROBLEM_COUNT ? escpos_codes[p] : NULL;
}
