/* SPDX-License-Identifier: MIT */
#include "tests/sensors/fixture.h"

#include <stdio.h>
#include <string.h>

void fixture_config(struct config *cfg, const char *chip)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->utc_offset_minutes = 540;
	for (int d = 0; d < 7; d++) {
		cfg->hours[d].n = (d == 0 || d == 6) ? 0 : 1;
		cfg->hours[d].spans[0].start = 8 * 60 + 30;
		cfg->hours[d].spans[0].end = 17 * 60 + 15;
	}
	struct config_category *c = &cfg->categories[cfg->n_categories++];
	snprintf(c->id, sizeof(c->id), "A");
	snprintf(c->name[LANG_JA], sizeof(c->name[LANG_JA]), "証明書");
	snprintf(c->prefix, sizeof(c->prefix), "A-");
	c->digits = 3;
	c->first = 1;
	c->last = 999;
	c->service_minutes = 5;
	struct config_window *w = &cfg->windows[cfg->n_windows++];
	snprintf(w->id, sizeof(w->id), "W1");
	snprintf(w->label[LANG_JA], sizeof(w->label[LANG_JA]), "1番");
	w->categories[w->n_categories++] = 0;
	w->rule = CONFIG_RULE_FIFO;
	w->open = true;

	snprintf(cfg->gpio_chip, sizeof(cfg->gpio_chip), "%s", chip);
	cfg->gpio_bias = 0;
	cfg->debounce_ms = 10;
	cfg->door = (struct config_line){ true, 0, "" };
	cfg->door_active_low = false;
	cfg->door_grace_s = 10;
	cfg->beam_outer = (struct config_line){ true, 1, "" };
	cfg->beam_inner = (struct config_line){ true, 2, "" };
	cfg->beam_active_low = true;
	cfg->beam_min_break_ms = 25;
	cfg->beam_min_gap_ms = 75;
	cfg->beam_second_ms = 500;
	cfg->beam_blocked_ms = 2500;
	cfg->buttons[0] = (struct config_button){ CONFIG_BUTTON_TICKET, 0, { true, 3, "" } };
	cfg->buttons[1] = (struct config_button){ CONFIG_BUTTON_CALL, 0, { true, 4, "" } };
	cfg->buttons[2] = (struct config_button){ CONFIG_BUTTON_RECALL, 0, { true, 5, "" } };
	cfg->n_buttons = 3;
	cfg->capacity = 40;
}

void fixture_day_open(struct office *o, int64_t at)
{
	struct event ev;
	struct office_error err;
	event_init(&ev, EVENT_DAY_OPEN, at);
	ev.day = FIXTURE_DAY;
	if (office_apply(o, &ev, &err) < 0)
		fprintf(stderr, "fixture: day open refused: %s\n", err.message);
}

void fixture_apply(struct office *o, struct event *ev, int n, struct fixture_tally *t)
{
	for (int i = 0; i < n; i++) {
		struct event *e = &ev[i];
		if (sensors_event_resolve(o, e) < 0) {
			t->unresolved++;
			continue;
		}
		struct office_error err;
		if (office_apply(o, e, &err) < 0) {
			fprintf(stderr, "fixture: %s refused: %s\n", event_type_name(e->type),
				err.message);
			t->refused++;
			continue;
		}
		switch (e->type) {
		case EVENT_PEOPLE:
			if (e->count > 0)
				t->in += e->count;
			else
				t->out -= e->count;
			break;
		case EVENT_DOOR:
			if (e->open)
				t->doors_open++;
			else
				t->doors_closed++;
			break;
		case EVENT_TICKET_ISSUE:
			t->issued++;
			break;
		case EVENT_TICKET_CALL:
			t->called++;
			break;
		case EVENT_TICKET_RECALL:
			t->recalled++;
			break;
		case EVENT_SENSOR:
			if (e->ok)
				t->recoveries++;
			else
				t->faults++;
			break;
		case EVENT_OCCUPANCY_RESET:
			t->resets++;
			t->correction += e->count;
			break;
		default:
			break;
		}
	}
}
