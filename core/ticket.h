/* SPDX-License-Identifier: MIT */
/*
 * What a printed ticket says beyond its number (docs/install.md): the time
 * before which the ticket will not be called, and the address of its
 * follow-my-ticket page. Pure: time comes in.
 */
#ifndef MACHIAI_CORE_TICKET_H
#define MACHIAI_CORE_TICKET_H

#include <stddef.h>
#include <stdint.h>

#include "core/estimator.h"

#define TICKET_AWAY_STEP_MIN 5 /* "HH:MMごろ" is a multiple of this, rounded down */

/**
 * ticket_away_until() - the time a ticket issued at @issued_ms (local time
 * at UTC offset @offset_min) with wait @w may promise not to be called
 * before: the low end of the band (the 10% quantile), rounded down to
 * TICKET_AWAY_STEP_MIN minutes, so that the promise errs early, never late.
 * Only when the low end is at least @away_minutes (> 0), the band has a
 * basis, and the time is later the same day.
 * Return: the minute of the local day (11:05 is 665), or -1 when the ticket
 * promises nothing.
 */
int ticket_away_until(int64_t issued_ms, int offset_min, const struct wait_band *w,
		      int away_minutes);

/**
 * ticket_qr_url() - the follow-my-ticket address of ticket @label:
 * @status_page_url (which ends in "#office=ID", docs/feed.md) followed by
 * "&ticket=" and @label, percent-encoded, into @buf (@size bytes).
 * Return: 0, or -1 when @status_page_url is empty or the address does not
 * fit.
 */
int ticket_qr_url(const char *status_page_url, const char *label, char *buf, size_t size);

#endif
