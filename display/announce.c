/* SPDX-License-Identifier: MIT */
#include "display/announce.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "display/audio.h"
#include "display/chime.h"
#include "display/phrase.h"
#include "display/speech.h"

/* One call to announce: its sentences, one per language. */
struct announce_item {
	int64_t seq;
	char ticket[STATUS_TICKET_MAX];
	char window[STATUS_ID_MAX];
	int n_parts;
	enum lang lang[LANG_COUNT];
	char text[LANG_COUNT][PHRASE_MAX];
};

/* Clips of a call handed to the device and not yet played out. */
struct announce_open {
	int64_t seq;
	int left;
};

struct announce {
	struct announce_settings set;
	struct audio *audio;
	struct chime *chime;
	struct speech *speech; /* NULL when speech is off */
	struct locale *loc[LANG_COUNT];
	FILE *trace;

	struct announce_item queue[ANNOUNCE_QUEUE_MAX];
	int q_head, q_count;

	struct announce_item cur; /* being handed to the device */
	bool busy;
	int step; /* 0 the chime, then the parts in turn, n_parts * repeat of them */
	int64_t step_since; /* monotonic ms */

	struct announce_open open[ANNOUNCE_QUEUE_MAX + 2];

	int64_t flash_seq; /* whose chime began last, 0 = none yet */
	int64_t flash_start; /* monotonic ms */

	bool late_told[LANG_COUNT];
	bool label_told[LANG_COUNT];
};

static int64_t announce_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void announce_settings_default(struct announce_settings *set)
{
	memset(set, 0, sizeof(*set));
	set->speech = true;
	set->langs[0] = LANG_JA;
	set->langs[1] = LANG_EN;
	set->n_langs = 2;
	set->volume = 100;
	set->repeat = 1;
	set->wait_ms = ANNOUNCE_WAIT_MS;
}

void announce_settings_from_config(struct announce_settings *set, const struct config *cfg)
{ /* keeps wait_ms, which is not in machiai.conf */
	int wait_ms = set->wait_ms;

	memset(set, 0, sizeof(*set));
	set->wait_ms = wait_ms;
	set->speech = cfg->speech;
	memcpy(set->langs, cfg->announce, sizeof(set->langs));
	set->n_langs = cfg->n_announce;
	set->volume = cfg->volume;
	memcpy(set->quiet, cfg->quiet_hours, sizeof(set->quiet));
	set->n_quiet = cfg->n_quiet_hours;
	set->repeat = cfg->announce_repeat;
	memcpy(set->text, cfg->announce_text, sizeof(set->text));
	for (int i = 0; i < cfg->n_windows; i++) {
		if (!cfg->windows[i].speech)
			memcpy(set->silent[set->n_silent++], cfg->windows[i].id, CONFIG_ID_MAX);
	}
}

struct announce *announce_open(const struct announce_settings *set, const char *chime_wav,
			       struct locale *const loc[LANG_COUNT], FILE *trace)
{
	struct announce *an = calloc(1, sizeof(*an));

	if (!an)
		return NULL;
	an->set = *set;
	memcpy(an->loc, loc, sizeof(an->loc));
	an->trace = trace;
	an->audio = audio_open();
	if (!an->audio)
		goto err_free;
	an->chime = chime_open(chime_wav);
	if (!an->chime)
		goto err_audio;
	if (set->speech) {
		an->speech = speech_new(set->wait_ms);
		if (!an->speech)
			fprintf(stderr,
				"machiai-display: no speech worker; calls keep the chime\n");
	}
	return an;

err_audio:
	audio_close(an->audio);
err_free:
	free(an);
	return NULL;
}

void announce_close(struct announce *an)
{
	if (!an)
		return;
	audio_close(an->audio);
	speech_free(an->speech);
	chime_close(an->chime);
	free(an);
}

static bool announce_quiet(const struct announce *an, int64_t now_ms, int utc_offset_min)
{
	int64_t min = now_ms / 60000 + utc_offset_min;
	int m = (int)(((min % 1440) + 1440) % 1440);

	for (int i = 0; i < an->set.n_quiet; i++) {
		if (m >= an->set.quiet[i].start && m < an->set.quiet[i].end)
			return true;
	}
	return false;
}

static bool announce_silent_window(const struct announce *an, const char *id)
{
	for (int i = 0; i < an->set.n_silent; i++) {
		if (strcmp(an->set.silent[i], id) == 0)
			return true;
	}
	return false;
}

/* Asks the worker for each clause of @text. */
static void announce_request(struct announce *an, enum lang lang, const char *text)
{
	struct phrase_clause cl[PHRASE_CLAUSES_MAX];
	int n = phrase_split(text, cl, PHRASE_CLAUSES_MAX);

	for (int i = 0; i < n; i++)
		speech_request(an->speech, lang, cl[i].text);
}

void announce_call(struct announce *an, const struct status *st, const struct status_call *c,
		   int64_t now_ms)
{
	struct announce_item *it;
	int w = status_window_find(st, c->window);

	if (!an)
		return;
	if (an->q_count == ANNOUNCE_QUEUE_MAX) {
		it = &an->queue[an->q_head];
		fprintf(stderr,
			"machiai-display: %d calls wait to be announced: the oldest, %s at window "
			"%s, is left out\n",
			an->q_count + 1, it->ticket, it->window);
		if (an->trace)
			fprintf(an->trace, "drop seq %lld\n", (long long)it->seq);
		an->q_head = (an->q_head + 1) % ANNOUNCE_QUEUE_MAX;
		an->q_count--;
	}
	it = &an->queue[(an->q_head + an->q_count) % ANNOUNCE_QUEUE_MAX];
	an->q_count++;
	memset(it, 0, offsetof(struct announce_item, text));
	it->seq = c->seq;
	memcpy(it->ticket, c->ticket, sizeof(it->ticket));
	memcpy(it->window, c->window, sizeof(it->window));
	if (!an->speech || announce_silent_window(an, c->window) ||
	    announce_quiet(an, now_ms, st->utc_offset_min))
		return;
	for (int i = 0; i < an->set.n_langs; i++) {
		enum lang l = an->set.langs[i];
		const char *label = w >= 0 ? st->windows[w].label.t[l] : "";
		char *text = it->text[it->n_parts];

		if (!an->loc[l])
			continue;
		if (!label[0] && l == LANG_JA)
			label = c->window;
		if (!label[0]) {
			if (!an->label_told[l])
				fprintf(stderr,
					"machiai-display: window %s has no label in %s: its calls "
					"are not spoken in %s\n",
					c->window, lang_code(l), lang_code(l));
			an->label_told[l] = true;
			continue;
		}
		phrase_call(an->loc[l], l, an->set.text[l], c->ticket, label, c->recall, text,
			    PHRASE_MAX);
		it->lang[it->n_parts++] = l;
		announce_request(an, l, text);
		if (an->trace)
			fprintf(an->trace, "say seq %lld lang %s text %s\n", (long long)c->seq,
				lang_code(l), text);
	}
	if (an->trace)
		fflush(an->trace);
}

void announce_new_calls(struct announce *an, const struct status *st, int64_t after_seq,
			int64_t now_ms)
{
	for (int i = st->n_calls - 1; i >= 0; i--) {
		if (st->calls[i].seq > after_seq)
			announce_call(an, st, &st->calls[i], now_ms);
	}
	announce_step(an); /* the chime at once, not at the next turn of the loop */
}

static struct announce_open *announce_open_of(struct announce *an, int64_t seq, bool add)
{
	struct announce_open *free_slot = NULL;

	for (size_t i = 0; i < sizeof(an->open) / sizeof(an->open[0]); i++) {
		if (an->open[i].left > 0 && an->open[i].seq == seq)
			return &an->open[i];
		if (an->open[i].left == 0 && !free_slot)
			free_slot = &an->open[i];
	}
	if (add && free_slot) {
		free_slot->seq = seq;
		return free_slot;
	}
	return NULL;
}

static void announce_push(struct announce *an, int16_t *s, size_t n, enum audio_kind kind, int lang)
{
	struct announce_open *o;

	if (audio_push(an->audio, s, n, an->set.volume, an->cur.seq, kind, lang) < 0)
		return;
	o = announce_open_of(an, an->cur.seq, true);
	if (o)
		o->left++;
}

static void announce_pause(struct announce *an, int ms)
{
	size_t n = (size_t)SPEECH_RATE * (size_t)ms / 1000;
	int16_t *s = calloc(n, 2);

	if (s)
		announce_push(an, s, n, AUDIO_PAUSE, -1);
}

/*
 * Hands the clauses of the sentence @text to the device when all are made.
 * Return: 1 when handed over, 0 while some are still being made, -1 when
 * one failed.
 */
static int announce_part(struct announce *an, enum lang lang, const char *text)
{
	struct phrase_clause cl[PHRASE_CLAUSES_MAX];
	int16_t *s[PHRASE_CLAUSES_MAX];
	size_t n[PHRASE_CLAUSES_MAX];
	int k = phrase_split(text, cl, PHRASE_CLAUSES_MAX), got = 0, rc = 1;

	for (; got < k; got++) {
		rc = speech_take(an->speech, lang, cl[got].text, &s[got], &n[got]);
		if (rc <= 0)
			break;
	}
	if (rc <= 0) {
		while (got-- > 0)
			free(s[got]);
		return rc;
	}
	for (int i = 0; i < k; i++) {
		announce_push(an, s[i], n[i], AUDIO_SPEECH, (int)lang);
		announce_pause(an, cl[i].pause_ms + (i == k - 1 ? 150 : 0));
	}
	return 1;
}

static const char *announce_kind_name(enum audio_kind k)
{
	return k == AUDIO_CHIME ? "chime" : k == AUDIO_SPEECH ? "speech" : "pause";
}

static void announce_on_clip(void *ctx, enum audio_event ev, const struct audio_clip_info *c)
{
	struct announce *an = ctx;
	struct announce_open *o;

	if (ev == AUDIO_STARTED && c->kind == AUDIO_CHIME) {
		an->flash_seq = c->seq;
		an->flash_start = c->start_mono;
	}
	if (ev == AUDIO_ENDED) {
		o = announce_open_of(an, c->seq, false);
		if (o)
			o->left--;
	}
	if (an->trace && c->kind != AUDIO_PAUSE) {
		fprintf(an->trace, "audio %s seq %lld kind %s lang %s sample %llu mono %lld\n",
			ev == AUDIO_STARTED ? "start" : "end", (long long)c->seq,
			announce_kind_name(c->kind),
			c->lang >= 0 ? lang_code((enum lang)c->lang) : "-",
			(unsigned long long)(ev == AUDIO_STARTED ? c->start_sample : c->end_sample),
			(long long)(ev == AUDIO_STARTED ? c->start_mono : c->end_mono));
		fflush(an->trace);
	}
}

/* Starts the next call waiting with its chime (a pause after it when nothing is said). */
static void announce_begin(struct announce *an, int64_t now)
{
	int16_t *s;
	size_t n;

	an->cur = an->queue[an->q_head];
	an->q_head = (an->q_head + 1) % ANNOUNCE_QUEUE_MAX;
	an->q_count--;
	an->busy = true;
	if (chime_samples(an->chime, an->cur.n_parts > 0, &s, &n) == 0)
		announce_push(an, s, n, AUDIO_CHIME, -1);
	if (an->cur.n_parts == 0)
		announce_pause(an, ANNOUNCE_GAP_MS);
	an->step = 1;
	an->step_since = now;
}

void announce_step(struct announce *an)
{
	int64_t now = announce_mono_ms();

	if (!an)
		return;
	audio_poll(an->audio, announce_on_clip, an);
	for (;;) {
		enum lang lang;
		int rc;

		/*
		 * The next call begins when the last has been played out: until
		 * then it waits here, where a queue too long drops the oldest.
		 */
		if (!an->busy) {
			if (an->q_count == 0 || audio_queued(an->audio) > 0)
				return;
			announce_begin(an, now);
			continue;
		}
		if (an->step > an->cur.n_parts * an->set.repeat) {
			an->busy = false;
			continue;
		}
		lang = an->cur.lang[(an->step - 1) % an->cur.n_parts];
		rc = announce_part(an, lang, an->cur.text[(an->step - 1) % an->cur.n_parts]);
		/* The wait counts from when the sound before it has ended. */
		if (rc == 0 && audio_queued(an->audio) > 0)
			an->step_since = now;
		if (rc == 0 && now - an->step_since < an->set.wait_ms)
			return;
		if (rc == 0 && !an->late_told[lang]) {
			fprintf(stderr,
				"machiai-display: speech in %s not made within %d ms; the call "
				"goes on without it\n",
				lang_code(lang), an->set.wait_ms);
			an->late_told[lang] = true;
		} else if (rc > 0) {
			an->late_told[lang] = false;
		}
		an->step++;
		an->step_since = now;
	}
}

bool announce_flash(const struct announce *an, int64_t min_ms, int64_t *seq, int64_t *since_ms)
{
	int64_t since = announce_mono_ms() - an->flash_start;
	bool speaking = an->busy && an->cur.seq == an->flash_seq;

	if (!an->flash_seq)
		return false;
	for (size_t i = 0; i < sizeof(an->open) / sizeof(an->open[0]) && !speaking; i++)
		speaking = an->open[i].left > 0 && an->open[i].seq == an->flash_seq;
	if (since >= min_ms && !speaking)
		return false;
	*seq = an->flash_seq;
	*since_ms = since;
	return true;
}
