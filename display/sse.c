/* SPDX-License-Identifier: MIT */
#include "display/sse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct sse_parser {
	size_t max_data;
	char *line; /* the current line; capped at max_data + 16 */
	size_t line_len;
	bool line_too_long;
	bool after_cr; /* the previous byte was CR: a following LF ends nothing */
	char event[SSE_EVENT_MAX];
	char *data;
	size_t data_len;
	bool has_data;
	bool data_too_long;
	long retry_ms;
	unsigned dropped;
};

struct sse_parser *sse_parser_new(size_t max_data)
{
	struct sse_parser *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->max_data = max_data;
	p->line = malloc(max_data + 16);
	p->data = malloc(max_data + 1);
	if (!p->line || !p->data) {
		sse_parser_free(p);
		return NULL;
	}
	p->retry_ms = -1;
	return p;
}

void sse_parser_free(struct sse_parser *p)
{
	if (!p)
		return;
	free(p->line);
	free(p->data);
	free(p);
}

void sse_parser_reset(struct sse_parser *p)
{
	p->line_len = 0;
	p->line_too_long = false;
	p->after_cr = false;
	p->event[0] = '\0';
	p->data_len = 0;
	p->has_data = false;
	p->data_too_long = false;
}

static void sse_dispatch(struct sse_parser *p, sse_event_fn fn, void *ctx)
{
	if (p->has_data && p->data_too_long) {
		p->dropped++;
	} else if (p->has_data) {
		p->data[p->data_len] = '\0';
		fn(ctx, p->event[0] ? p->event : "message", p->data, p->data_len);
	}
	p->event[0] = '\0';
	p->data_len = 0;
	p->has_data = false;
	p->data_too_long = false;
}

static void sse_field(struct sse_parser *p, const char *name, size_t name_len, const char *value,
		      size_t value_len)
{
	if (name_len == 5 && memcmp(name, "event", 5) == 0) {
		if (value_len >= SSE_EVENT_MAX)
			value_len = SSE_EVENT_MAX - 1;
		memcpy(p->event, value, value_len);
		p->event[value_len] = '\0';
	} else if (name_len == 4 && memcmp(name, "data", 4) == 0) {
		size_t need = value_len + (p->has_data ? 1 : 0);

		if (p->data_too_long || p->data_len + need > p->max_data) {
			p->data_too_long = true;
		} else {
			if (p->has_data)
				p->data[p->data_len++] = '\n';
			memcpy(p->data + p->data_len, value, value_len);
			p->data_len += value_len;
		}
		p->has_data = true;
	} else if (name_len == 5 && memcmp(name, "retry", 5) == 0) {
		char digits[16];
		char *end;
		long v;

		if (value_len == 0 || value_len >= sizeof(digits))
			return;
		memcpy(digits, value, value_len);
		digits[value_len] = '\0';
		errno = 0;
		v = strtol(digits, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0 && digits[0] >= '0' && digits[0] <= '9')
			p->retry_ms = v;
	}
	/* "id" and unknown fields are ignored: the document carries its own seq. */
}

static void sse_line(struct sse_parser *p, sse_event_fn fn, void *ctx)
{
	const char *colon;
	size_t name_len, off;

	if (p->line_too_long) {
		/* Only a data line can be that long; its event is dropped. */
		p->data_too_long = true;
		p->has_data = true;
		return;
	}
	if (p->line_len == 0) {
		sse_dispatch(p, fn, ctx);
		return;
	}
	if (p->line[0] == ':')
		return; /* a comment: a heartbeat */
	colon = memchr(p->line, ':', p->line_len);
	name_len = colon ? (size_t)(colon - p->line) : p->line_len;
	off = colon ? name_len + 1 : p->line_len;
	if (colon && off < p->line_len && p->line[off] == ' ')
		off++;
	sse_field(p, p->line, name_len, p->line + off, p->line_len - off);
}

void sse_parser_feed(struct sse_parser *p, const char *buf, size_t len, sse_event_fn fn, void *ctx)
{
	for (size_t i = 0; i < len; i++) {
		char ch = buf[i];

		if (ch == '\n' && p->after_cr) {
			p->after_cr = false;
			continue;
		}
		p->after_cr = ch == '\r';
		if (ch == '\n' || ch == '\r') {
			sse_line(p, fn, ctx);
			p->line_len = 0;
			p->line_too_long = false;
			continue;
		}
		if (p->line_len < p->max_data + 16)
			p->line[p->line_len++] = ch;
		else
			p->line_too_long = true;
	}
}

long sse_parser_retry_ms(const struct sse_parser *p)
{
	return p->retry_ms;
}

unsigned sse_parser_dropped(const struct sse_parser *p)
{
	return p->dropped;
}
