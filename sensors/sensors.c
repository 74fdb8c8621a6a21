/* SPDX-License-Identifier: MIT */
#include "sensors/sensors.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum role {
	ROLE_DOOR,
	ROLE_BEAM_OUTER,
	ROLE_BEAM_INNER,
	ROLE_COUNTER_IN,
	ROLE_COUNTER_OUT,
	ROLE_BUTTON,
};

/* The sensors reported in EVENT_SENSOR, one fault state each. */
enum sensor {
	SENSOR_DOOR,
	SENSOR_BEAMS,
	SENSOR_COUNTER,
	SENSOR_BUTTONS,
	SENSOR_COUNT
};

static const char *const sensor_names[SENSOR_COUNT] = { "door", "beams", "counter", "buttons" };

struct line_role {
	enum role role;
	int button; /* index into cfg->buttons for ROLE_BUTTON */
	bool lost;
};

#define CMD_MAX 256
#define EDGE_OUTPUTS 4 /* events one edge can cause, at most */
#define QUEUE_MAX (GPIO_MAX_LINES * 16) /* the kernel queues 16 events per line */

struct sensors {
	const struct config *cfg;
	struct gpio_set *gpio; /* real lines, or */
	struct simgpio *sim; /* simulated ones */
	int cmd_fd;
	char cmd[CMD_MAX];
	size_t cmd_len;
	uint64_t sim_seed;

	/*
	 * Edges read and not yet fed, in time order: whatever is read is kept
	 * until its turn, and nothing is decided past the oldest of them.
	 */
	struct gpio_edge queue[QUEUE_MAX];
	int q_head, q_len;

	struct line_role lines[GPIO_MAX_LINES];
	int n_lines;
	int door, outer, inner, in, out; /* line indexes, -1 when not configured */

	struct counter_debounce door_filter;
	struct counter_beams beams;
	struct counter_pulses pulses;
	struct counter_button buttons[CONFIG_MAX_BUTTONS];
	struct occupancy occ;

	bool started; /* the door's first reading is out */
	int lost[SENSOR_COUNT]; /* lines of each sensor that are lost */
	bool blocked[2]; /* beam faults */
	bool reported[SENSOR_COUNT]; /* fault state last put in an EVENT_SENSOR */
	int64_t now;

	uint64_t edges, n_lost, n_back, presses;
};

bool sensors_configured(const struct config *cfg)
{
	return cfg->door.set || cfg->beam_outer.set || cfg->beam_inner.set || cfg->counter_in.set ||
	       cfg->counter_out.set || cfg->n_buttons > 0;
}

static enum sensor role_sensor(enum role r)
{
	switch (r) {
	case ROLE_DOOR:
		return SENSOR_DOOR;
	case ROLE_BEAM_OUTER:
	case ROLE_BEAM_INNER:
		return SENSOR_BEAMS;
	case ROLE_COUNTER_IN:
	case ROLE_COUNTER_OUT:
		return SENSOR_COUNTER;
	case ROLE_BUTTON:
		break;
	}
	return SENSOR_BUTTONS;
}

static const char *role_name(enum role r)
{
	static const char *const names[] = { "door",	   "beam_outer",  "beam_inner",
					     "counter_in", "counter_out", "button" };
	return names[r];
}

static int add_line(struct sensors *s, enum role role, int button)
{
	int i = s->n_lines++;
	s->lines[i].role = role;
	s->lines[i].button = button;
	return i;
}

/* Lays out the lines of @cfg; checks that beams and pulses come in pairs. */
static struct sensors *sensors_new(const struct config *cfg, int64_t now, char *err, size_t size)
{
	if (cfg->beam_outer.set != cfg->beam_inner.set) {
		snprintf(err, size, "gpio: beam_outer and beam_inner go together");
		return NULL;
	}
	if (cfg->n_buttons > CONFIG_MAX_BUTTONS) {
		snprintf(err, size, "gpio: too many buttons");
		return NULL;
	}
	struct sensors *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, size, "gpio: out of memory");
		return NULL;
	}
	s->cfg = cfg;
	s->cmd_fd = -1;
	s->now = now;
	s->door = s->outer = s->inner = s->in = s->out = -1;
	if (cfg->door.set)
		s->door = add_line(s, ROLE_DOOR, 0);
	if (cfg->beam_outer.set) {
		s->outer = add_line(s, ROLE_BEAM_OUTER, 0);
		s->inner = add_line(s, ROLE_BEAM_INNER, 0);
	}
	if (cfg->counter_in.set)
		s->in = add_line(s, ROLE_COUNTER_IN, 0);
	if (cfg->counter_out.set)
		s->out = add_line(s, ROLE_COUNTER_OUT, 0);
	for (int b = 0; b < cfg->n_buttons; b++)
		add_line(s, ROLE_BUTTON, b);

	struct counter_timing t;
	counter_timing_defaults(&t);
	if (cfg->beam_min_break_ms > 0)
		t.min_break_ms = cfg->beam_min_break_ms;
	if (cfg->beam_min_gap_ms > 0)
		t.min_gap_ms = cfg->beam_min_gap_ms;
	if (cfg->beam_second_ms > 0)
		t.second_ms = cfg->beam_second_ms;
	if (cfg->beam_blocked_ms > 0)
		t.blocked_ms = cfg->beam_blocked_ms;
	counter_beams_init(&s->beams, &t);
	counter_pulses_init(&s->pulses, cfg->debounce_ms);
	for (int b = 0; b < cfg->n_buttons; b++)
		counter_button_init(&s->buttons[b], cfg->debounce_ms);
	counter_debounce_init(&s->door_filter, true, cfg->debounce_ms, cfg->debounce_ms);
	occupancy_init(&s->occ, cfg, cfg->door.set);
	return s;
}

/* Sets the filters to the levels the lines have at the start. */
static void initial_levels(struct sensors *s, bool (*level)(const void *, int), const void *src)
{
	for (int i = 0; i < s->n_lines; i++) {
		bool v = level(src, i);
		switch (s->lines[i].role) {
		case ROLE_DOOR:
			counter_debounce_init(&s->door_filter, v, s->cfg->debounce_ms,
					      s->cfg->debounce_ms);
			break;
		case ROLE_BEAM_OUTER:
		case ROLE_BEAM_INNER: {
			struct counter_out o[COUNTER_OUT_MAX];
			if (v)
				counter_beams_edge(&s->beams, i == s->outer ? 0 : 1, true, s->now,
						   o, COUNTER_OUT_MAX);
			break;
		}
		case ROLE_COUNTER_IN:
		case ROLE_COUNTER_OUT:
			counter_debounce_init(&s->pulses.line[i == s->in ? 0 : 1], v,
					      s->cfg->debounce_ms, s->cfg->debounce_ms);
			break;
		case ROLE_BUTTON:
			counter_debounce_init(&s->buttons[s->lines[i].button].d, v,
					      s->cfg->debounce_ms, s->cfg->debounce_ms);
			break;
		}
	}
}

static bool gpio_level(const void *src, int i)
{
	return gpio_set_value(src, i);
}

static const struct config_line *role_line(const struct config *cfg, const struct line_role *l)
{
	switch (l->role) {
	case ROLE_DOOR:
		return &cfg->door;
	case ROLE_BEAM_OUTER:
		return &cfg->beam_outer;
	case ROLE_BEAM_INNER:
		return &cfg->beam_inner;
	case ROLE_COUNTER_IN:
		return &cfg->counter_in;
	case ROLE_COUNTER_OUT:
		return &cfg->counter_out;
	case ROLE_BUTTON:
		break;
	}
	return &cfg->buttons[l->button].line;
}

struct sensors *sensors_open(const struct config *cfg, int64_t now, char *err, size_t size)
{
	struct sensors *s = sensors_new(cfg, now, err, size);
	if (!s)
		return NULL;
	struct gpio_line_spec specs[GPIO_MAX_LINES];
	char what[GPIO_MAX_LINES][24];
	for (int i = 0; i < s->n_lines; i++) {
		const struct line_role *l = &s->lines[i];
		if (l->role == ROLE_BUTTON)
			snprintf(what[i], sizeof(what[i]), "button %d", l->button + 1);
		else
			snprintf(what[i], sizeof(what[i]), "%s", role_name(l->role));
		specs[i].chip = cfg->gpio_chip[0] ? cfg->gpio_chip : "gpiochip0";
		specs[i].line = role_line(cfg, l);
		specs[i].bias = cfg->gpio_bias;
		specs[i].what = what[i];
		switch (l->role) {
		case ROLE_DOOR:
			specs[i].active_low = cfg->door_active_low;
			break;
		case ROLE_BEAM_OUTER:
		case ROLE_BEAM_INNER:
			specs[i].active_low = cfg->beam_active_low;
			break;
		default:
			specs[i].active_low = true;
			break;
		}
	}
	s->gpio = gpio_set_open(specs, s->n_lines, err, size);
	if (!s->gpio)
		goto err_free;
	initial_levels(s, gpio_level, s->gpio);
	return s;
err_free:
	free(s);
	return NULL;
}

static bool sim_level(const void *src, int i)
{
	return simgpio_value(src, i);
}

struct sensors *sensors_open_sim(const struct config *cfg, int64_t now, int cmd_fd, char *err,
				 size_t size)
{
	struct sensors *s = sensors_new(cfg, now, err, size);
	if (!s)
		return NULL;
	s->sim = simgpio_new(s->n_lines);
	if (!s->sim) {
		snprintf(err, size, "gpio: out of memory");
		free(s);
		return NULL;
	}
	s->cmd_fd = cmd_fd;
	s->sim_seed = (uint64_t)now;
	if (s->door >= 0) {
		simgpio_set(s->sim, s->door, true, now);
		simgpio_read(s->sim, now, &(struct gpio_edge){ 0 }, 1);
	}
	initial_levels(s, sim_level, s->sim);
	return s;
}

void sensors_close(struct sensors *s)
{
	if (!s)
		return;
	gpio_set_close(s->gpio);
	simgpio_free(s->sim);
	free(s);
}

int sensors_fds(const struct sensors *s, struct pollfd *fds, int max)
{
	int n = 0;
	if (s->gpio)
		n = gpio_set_fds(s->gpio, fds, max);
	if (s->cmd_fd >= 0 && n < max) {
		fds[n].fd = s->cmd_fd;
		fds[n].events = POLLIN;
		fds[n].revents = 0;
		n++;
	}
	return n;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

int64_t sensors_due(const struct sensors *s)
{
	int64_t d = SENSORS_NEVER;
	if (!s->started || s->q_len > 0)
		return s->now;
	if (s->door >= 0)
		d = min64(d, counter_debounce_due(&s->door_filter));
	if (s->outer >= 0)
		d = min64(d, counter_beams_due(&s->beams));
	d = min64(d, counter_pulses_due(&s->pulses));
	for (int b = 0; b < s->cfg->n_buttons; b++)
		d = min64(d, counter_button_due(&s->buttons[b]));
	d = min64(d, occupancy_due(&s->occ));
	if (s->gpio)
		d = min64(d, gpio_set_due(s->gpio));
	if (s->sim)
		d = min64(d, simgpio_due(s->sim));
	return d;
}

static int sensor_event(int k, bool ok, int64_t at, struct event *out, int n)
{
	event_init(&out[n], EVENT_SENSOR, at);
	snprintf(out[n].sensor, sizeof(out[n].sensor), "%s", sensor_names[k]);
	out[n].ok = ok;
	return n + 1;
}

/*
 * Emits EVENT_SENSOR for every sensor whose fault state changed. The office
 * keeps one fault (the last reported): when one sensor recovers while
 * another is still at fault, that one is reported again, last.
 */
static int faults_report(struct sensors *s, int64_t at, struct event *out, int n)
{
	bool recovered = false;
	for (int k = 0; k < SENSOR_COUNT; k++) {
		bool fault =
			s->lost[k] > 0 || (k == SENSOR_BEAMS && (s->blocked[0] || s->blocked[1]));
		if (fault == s->reported[k])
			continue;
		s->reported[k] = fault;
		n = sensor_event(k, !fault, at, out, n);
		recovered = recovered || !fault;
	}
	for (int k = 0; recovered && k < SENSOR_COUNT; k++) {
		if (s->reported[k]) {
			n = sensor_event(k, false, at, out, n);
			break;
		}
	}
	return n;
}

static int button_event(struct sensors *s, int b, int64_t at, struct event *ev)
{
	const struct config_button *cb = &s->cfg->buttons[b];
	s->presses++;
	switch (cb->kind) {
	case CONFIG_BUTTON_TICKET:
		if (cb->target < 0 || cb->target >= s->cfg->n_categories)
			return 0;
		event_init(ev, EVENT_TICKET_ISSUE, at);
		snprintf(ev->category, sizeof(ev->category), "%s",
			 s->cfg->categories[cb->target].id);
		return 1;
	case CONFIG_BUTTON_CALL:
	case CONFIG_BUTTON_RECALL:
		if (cb->target < 0 || cb->target >= s->cfg->n_windows)
			return 0;
		event_init(ev,
			   cb->kind == CONFIG_BUTTON_CALL ? EVENT_TICKET_CALL : EVENT_TICKET_RECALL,
			   at);
		snprintf(ev->window, sizeof(ev->window), "%s", s->cfg->windows[cb->target].id);
		return 1;
	}
	return 0;
}

/* Turns counter outputs into events. */
static int outputs(struct sensors *s, const struct counter_out *o, int k, int button,
		   struct event *out, int n)
{
	for (int i = 0; i < k; i++) {
		switch (o[i].kind) {
		case COUNTER_OUT_CROSSING:
			n += occupancy_crossing(&s->occ, o[i].count, o[i].at, &out[n]);
			break;
		case COUNTER_OUT_FAULT:
			s->blocked[o[i].beam] = o[i].fault;
			n = faults_report(s, o[i].at, out, n);
			break;
		case COUNTER_OUT_PRESS:
			n += button_event(s, button, o[i].at, &out[n]);
			break;
		}
	}
	return n;
}

static int door_advance(struct sensors *s, int64_t now, struct event *out, int n)
{
	int64_t at;
	if (s->door >= 0 && counter_debounce_advance(&s->door_filter, now, &at))
		n += occupancy_door(&s->occ, s->door_filter.level, at, &out[n]);
	return n;
}

/* Decides everything due by @now. */
static int advance(struct sensors *s, int64_t now, struct event *out, int n)
{
	struct counter_out o[COUNTER_OUT_MAX];
	n = door_advance(s, now, out, n);
	if (s->outer >= 0)
		n = outputs(s, o, counter_beams_advance(&s->beams, now, o, COUNTER_OUT_MAX), 0, out,
			    n);
	n = outputs(s, o, counter_pulses_advance(&s->pulses, now, o, COUNTER_OUT_MAX), 0, out, n);
	for (int b = 0; b < s->cfg->n_buttons; b++)
		n = outputs(s, o, counter_button_advance(&s->buttons[b], now, o, COUNTER_OUT_MAX),
			    b, out, n);
	return n;
}

static int edge(struct sensors *s, const struct gpio_edge *e, struct event *out, int n)
{
	struct line_role *l = &s->lines[e->line];
	struct counter_out o[COUNTER_OUT_MAX];
	/* Everything due before this edge first, so that outputs stay in order. */
	n = advance(s, e->at, out, n);
	if (e->kind == GPIO_EDGE_LOST) {
		if (!l->lost) {
			l->lost = true;
			s->lost[role_sensor(l->role)]++;
			s->n_lost++;
		}
		if (role_sensor(l->role) == SENSOR_BEAMS) {
			/* What the beams were doing is unknown: start afresh. */
			struct counter_beam_stats keep = s->beams.stats;
			struct counter_timing t = s->beams.t;
			counter_beams_init(&s->beams, &t);
			s->beams.stats = keep;
			s->blocked[0] = s->blocked[1] = false;
		}
		return faults_report(s, e->at, out, n);
	}
	if (e->kind == GPIO_EDGE_BACK) {
		if (l->lost) {
			l->lost = false;
			s->lost[role_sensor(l->role)]--;
			s->n_back++;
		}
		n = faults_report(s, e->at, out, n);
	} else if (l->lost) {
		return n;
	} else {
		s->edges++;
	}
	switch (l->role) {
	case ROLE_DOOR:
		counter_debounce_edge(&s->door_filter, e->active, e->at);
		return door_advance(s, e->at, out, n);
	case ROLE_BEAM_OUTER:
	case ROLE_BEAM_INNER: {
		int beam = l->role == ROLE_BEAM_OUTER ? COUNTER_BEAM_OUTER : COUNTER_BEAM_INNER;
		return outputs(
			s, o,
			counter_beams_edge(&s->beams, beam, e->active, e->at, o, COUNTER_OUT_MAX),
			0, out, n);
	}
	case ROLE_COUNTER_IN:
	case ROLE_COUNTER_OUT:
		return outputs(s, o,
			       counter_pulses_edge(&s->pulses, l->role == ROLE_COUNTER_IN ? 0 : 1,
						   e->active, e->at, o, COUNTER_OUT_MAX),
			       0, out, n);
	case ROLE_BUTTON:
		return outputs(s, o,
			       counter_button_edge(&s->buttons[l->button], e->active, e->at, o,
						   COUNTER_OUT_MAX),
			       l->button, out, n);
	}
	return n;
}

static void commands_read(struct sensors *s, int64_t now)
{
	struct pollfd p = { .fd = s->cmd_fd, .events = POLLIN };
	if (poll(&p, 1, 0) <= 0)
		return;
	if (!(p.revents & POLLIN)) {
		s->cmd_fd = -1; /* the writer has gone */
		return;
	}
	ssize_t r = read(s->cmd_fd, s->cmd + s->cmd_len, sizeof(s->cmd) - 1 - s->cmd_len);
	if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
		s->cmd_fd = -1;
		return;
	}
	if (r < 0)
		return;
	s->cmd_len += (size_t)r;
	s->cmd[s->cmd_len] = '\0';
	char *start = s->cmd;
	for (char *nl = strchr(start, '\n'); nl; nl = strchr(start, '\n')) {
		*nl = '\0';
		char err[128];
		if (*start && sensors_command(s, start, now, err, sizeof(err)) < 0)
			fprintf(stderr, "sensors: command '%s': %s\n", start, err);
		start = nl + 1;
	}
	size_t left = s->cmd_len - (size_t)(start - s->cmd);
	if (left == sizeof(s->cmd) - 1) {
		fprintf(stderr, "sensors: command longer than %d bytes dropped\n", CMD_MAX - 1);
		left = 0;
	}
	memmove(s->cmd, start, left);
	s->cmd_len = left;
}

int sensors_process(struct sensors *s, int64_t now, struct event *out, int max)
{
	int n = 0;
	assert(max >= SENSORS_OUT_MAX);
	if (now > s->now)
		s->now = now;
	now = s->now;
	if (!s->started) {
		s->started = true;
		if (s->door >= 0)
			n += occupancy_door(&s->occ, s->door_filter.level, now, &out[n]);
	}
	if (s->cmd_fd >= 0)
		commands_read(s, now);
	/* At most as many edges as their events can fit. */
	int budget = (max - n - 2 * SENSOR_COUNT - s->cfg->n_buttons - 4) / EDGE_OUTPUTS;
	bool more = false; /* the source may hold edges not read yet */
	while (budget > 0) {
		if (s->q_len == 0) {
			s->q_head = 0;
			s->q_len = s->gpio ? gpio_set_read(s->gpio, now, s->queue, QUEUE_MAX)
					   : simgpio_read(s->sim, now, s->queue, QUEUE_MAX);
			more = s->q_len == QUEUE_MAX;
			if (s->q_len == 0)
				break;
		}
		n = edge(s, &s->queue[s->q_head], out, n);
		s->q_head++;
		s->q_len--;
		budget--;
	}
	if (s->sim)
		more = simgpio_due(s->sim) <= now;
	/* Decide nothing past an edge that has not been fed yet. */
	if (s->q_len > 0)
		return advance(s, s->queue[s->q_head].at, out, n);
	if (more)
		return n;
	n = advance(s, now, out, n);
	n += occupancy_advance(&s->occ, now, &out[n]);
	return n;
}

int sensors_event_resolve(const struct office *o, struct event *ev)
{
	if (ev->type == EVENT_TICKET_ISSUE && ev->number == 0) {
		int c = config_category_index(o->cfg, ev->category);
		if (c < 0)
			return -1;
		ev->number = office_next_number(o, c);
		return ev->number < 0 ? -1 : 0;
	}
	if (ev->type == EVENT_TICKET_CALL && ev->ticket[0] == '\0') {
		int w = config_window_index(o->cfg, ev->window);
		if (w < 0)
			return -1;
		int t = office_next_ticket(o, w, ev->at);
		if (t < 0)
			return -1;
		snprintf(ev->ticket, sizeof(ev->ticket), "%s", o->tickets[t].label);
	}
	return 0;
}

static int role_lines(const struct sensors *s, const char *name, int *lines)
{
	int k = 0;
	for (int i = 0; i < s->n_lines; i++) {
		if (strcmp(sensor_names[role_sensor(s->lines[i].role)], name) == 0)
			lines[k++] = i;
	}
	return k;
}

static int button_find(const struct sensors *s, const char *kind, const char *id)
{
	for (int i = 0; i < s->n_lines; i++) {
		const struct line_role *l = &s->lines[i];
		if (l->role != ROLE_BUTTON)
			continue;
		const struct config_button *b = &s->cfg->buttons[l->button];
		if (strcmp(kind, "ticket") == 0 && b->kind == CONFIG_BUTTON_TICKET &&
		    b->target >= 0 && strcmp(s->cfg->categories[b->target].id, id) == 0)
			return i;
		if (strcmp(kind, "call") == 0 && b->kind == CONFIG_BUTTON_CALL && b->target >= 0 &&
		    strcmp(s->cfg->windows[b->target].id, id) == 0)
			return i;
		if (strcmp(kind, "recall") == 0 && b->kind == CONFIG_BUTTON_RECALL &&
		    b->target >= 0 && strcmp(s->cfg->windows[b->target].id, id) == 0)
			return i;
	}
	return -1;
}

int sensors_command(struct sensors *s, const char *cmd, int64_t now, char *err, size_t size)
{
	char verb[16], a[CONFIG_ID_MAX], b[CONFIG_ID_MAX];
	if (!s->sim) {
		snprintf(err, size, "not a simulated source");
		return -1;
	}
	if (now < s->now)
		now = s->now;
	int k = sscanf(cmd, "%15s %23s %23s", verb, a, b);
	if (k >= 3 && strcmp(verb, "walk") == 0) {
		char *end;
		errno = 0;
		long n = strtol(b, &end, 10);
		int dir = strcmp(a, "in") == 0 ? 1 : strcmp(a, "out") == 0 ? -1 : 0;
		if (errno || *end || n < 1 || n > 1000 || dir == 0) {
			snprintf(err, size, "usage: walk in|out N (1..1000)");
			return -1;
		}
		if (s->outer >= 0) {
			if (simgpio_walk(s->sim, s->outer, s->inner, dir, (int)n, now + 1,
					 s->sim_seed++) < 0)
				goto err_full;
			return 0;
		}
		int line = dir > 0 ? s->in : s->out;
		if (line < 0) {
			snprintf(err, size, "no beams and no %s pulse line",
				 dir > 0 ? "in" : "out");
			return -1;
		}
		for (long i = 0; i < n; i++) {
			if (simgpio_press(s->sim, line, now + 1 + i * 500, 100, 1) < 0)
				goto err_full;
		}
		return 0;
	}
	if (k >= 3 && strcmp(verb, "press") == 0) {
		int line = button_find(s, a, b);
		if (line < 0) {
			snprintf(err, size, "no %s button for '%s'", a, b);
			return -1;
		}
		if (simgpio_press(s->sim, line, now + 1, 150, 2) < 0)
			goto err_full;
		return 0;
	}
	if (k >= 2 && strcmp(verb, "door") == 0) {
		bool open = strcmp(a, "open") == 0;
		if (s->door < 0 || (!open && strcmp(a, "close") != 0)) {
			snprintf(err, size,
				 s->door < 0 ? "no door switch" : "usage: door open|close");
			return -1;
		}
		if (simgpio_set(s->sim, s->door, open, now + 1) < 0)
			goto err_full;
		return 0;
	}
	if (k >= 2 && (strcmp(verb, "lose") == 0 || strcmp(verb, "back") == 0)) {
		int lines[GPIO_MAX_LINES];
		int m = role_lines(s, a, lines);
		if (m == 0) {
			snprintf(err, size, "no sensor '%s'", a);
			return -1;
		}
		for (int i = 0; i < m; i++) {
			int rc = verb[0] == 'l' ? simgpio_lose(s->sim, lines[i], now + 1)
						: simgpio_back(s->sim, lines[i], now + 1);
			if (rc < 0)
				goto err_full;
		}
		return 0;
	}
	snprintf(err, size, "unknown command");
	return -1;
err_full:
	snprintf(err, size, "simulated source full");
	return -1;
}

struct simgpio *sensors_sim(struct sensors *s)
{
	return s->sim;
}

int sensors_day_close(struct sensors *s, int64_t now, struct event *out)
{
	return occupancy_day_close(&s->occ, now, out);
}

void sensors_day_open(struct sensors *s)
{
	occupancy_day_open(&s->occ);
	memset(&s->beams.stats, 0, sizeof(s->beams.stats));
	s->beams.beam[0].glitches = s->beams.beam[1].glitches = 0;
}

void sensors_restore(struct sensors *s, const struct office *o)
{
	occupancy_restore(&s->occ, o->occupancy, o->door_open, o->last_at);
}

void sensors_stats_get(const struct sensors *s, struct sensors_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->edges = s->edges;
	st->lost = s->n_lost;
	st->back = s->n_back;
	st->presses = s->presses;
	st->beams = s->outer >= 0 ? &s->beams.stats : NULL;
	st->today = &s->occ.today;
}
