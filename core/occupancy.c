/* SPDX-License-Identifier: MIT */
#include "core/occupancy.h"

#include <string.h>

#include "core/calendar.h"
#include "core/civil.h"

void occupancy_init(struct occupancy *o, const struct config *cfg, bool has_door)
{
	memset(o, 0, sizeof(*o));
	o->cfg = cfg;
	o->has_door = has_door;
	o->door_open = true;
}

void occupancy_restore(struct occupancy *o, int count, bool door_open, int64_t at)
{
	o->count = count > 0 ? count : 0;
	o->door_open = o->has_door ? door_open : true;
	if (!o->door_open)
		o->door_closed_at = at;
	o->last_activity = at;
}

int occupancy_door(struct occupancy *o, bool open, int64_t at, struct event *out)
{
	if (!o->has_door || open == o->door_open)
		return 0;
	o->door_open = open;
	if (!open)
		o->door_closed_at = at;
	o->last_activity = at;
	event_init(out, EVENT_DOOR, at);
	out->has_open = true;
	out->open = open;
	return 1;
}

int occupancy_crossing(struct occupancy *o, int delta, int64_t at, struct event *out)
{
	if (delta == 0)
		return 0;
	if (o->has_door && !o->door_open &&
	    at > o->door_closed_at + (int64_t)o->cfg->door_grace_s * 1000) {
		o->today.ignored++;
		return 0;
	}
	o->last_activity = at;
	if (delta > 0) {
		o->today.ins += delta;
		o->count += delta;
	} else {
		o->today.outs -= delta;
		if (o->count + delta < 0)
			o->today.clamped += -delta - o->count;
		o->count = o->count + delta < 0 ? 0 : o->count + delta;
	}
	event_init(out, EVENT_PEOPLE, at);
	out->count = delta;
	return 1;
}

static int reset(struct occupancy *o, int64_t at, struct event *out)
{
	if (o->count == 0)
		return 0;
	event_init(out, EVENT_OCCUPANCY_RESET, at);
	out->count = -o->count;
	o->today.resets++;
	o->today.correction += out->count;
	o->count = 0;
	return 1;
}

/*
 * Whether @t is within the opening hours; when it is, *@end is when they end.
 */
static bool in_hours(const struct occupancy *o, int64_t t, int64_t *end)
{
	struct civil c;
	struct calendar_day day;

	civil_from_ms(t, o->cfg->utc_offset_minutes, &c);
	calendar_day_get(o->cfg, c.yyyymmdd, &day);
	if (day.hours.n == 0 || c.minute_of_day < day.hours.spans[0].start ||
	    c.minute_of_day >= day.hours.spans[day.hours.n - 1].end)
		return false;
	*end = civil_to_ms(c.yyyymmdd, day.hours.spans[day.hours.n - 1].end,
			   o->cfg->utc_offset_minutes);
	return true;
}

int64_t occupancy_due(const struct occupancy *o)
{
	if (o->count == 0 || (o->has_door && o->door_open))
		return OCCUPANCY_NEVER;
	int64_t due = o->last_activity + OCCUPANCY_IDLE_MS;
	int64_t end;
	if (in_hours(o, due, &end))
		due = end;
	return due;
}

int occupancy_advance(struct occupancy *o, int64_t now, struct event *out)
{
	if (occupancy_due(o) > now)
		return 0;
	int64_t end;
	if (in_hours(o, now, &end))
		return 0;
	return reset(o, now, out);
}

int occupancy_day_close(struct occupancy *o, int64_t at, struct event *out)
{
	return reset(o, at, out);
}

void occupancy_day_open(struct occupancy *o)
{
	memset(&o->today, 0, sizeof(o->today));
}

int occupancy_percent(int count, int capacity)
{
	if (capacity <= 0)
		return -1;
	if (count <= 0)
		return 0;
	return (int)(((int64_t)count * 100 + capacity / 2) / capacity);
}
