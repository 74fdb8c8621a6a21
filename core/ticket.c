/* SPDX-License-Identifier: MIT */
#include "core/ticket.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/civil.h"

int ticket_away_until(int64_t issued_ms, int offset_min, const struct wait_band *w,
		      int away_minutes)
{
	struct civil issued, until;
	int minute;

	if (away_minutes <= 0 || w->basis == WAIT_BASIS_NONE || w->low < away_minutes)
		return -1;
	civil_from_ms(issued_ms, offset_min, &issued);
	civil_from_ms(issued_ms + (int64_t)w->low * 60000, offset_min, &until);
	if (until.yyyymmdd != issued.yyyymmdd)
		return -1;
	minute = until.minute_of_day - until.minute_of_day % TICKET_AWAY_STEP_MIN;
	return minute > issued.minute_of_day ? minute : -1;
}

/* RFC 3986 unreserved characters go as they are; every other byte as %XX. */
static bool ticket_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

int ticket_qr_url(const char *status_page_url, const char *label, char *buf, size_t size)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(status_page_url);
	static const char param[] = "&ticket=";

	if (n == 0 || n + sizeof(param) > size)
		return -1;
	memcpy(buf, status_page_url, n);
	memcpy(buf + n, param, sizeof(param) - 1);
	n += sizeof(param) - 1;
	for (const unsigned char *p = (const unsigned char *)label; *p; p++) {
		if (n + (ticket_unreserved(*p) ? 1 : 3) >= size)
			return -1;
		if (ticket_unreserved(*p)) {
			buf[n++] = (char)*p;
		} else {
			buf[n++] = '%';
			buf[n++] = hex[*p >> 4];
			buf[n++] = hex[*p & 15];
		}
	}
	buf[n] = '\0';
	return 0;
}
