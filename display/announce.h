/* SPDX-License-Identifier: MIT */
/*
 * Spoken calls (docs/display.md): for each call the chime, then the call in
 * Japanese and the other announcement languages in turn, as often as
 * repeat says; a recall says so first. Calls that arrive meanwhile wait
 * their turn; when too many wait, the oldest is dropped (and logged). The
 * flash on the sign follows the call being announced.
 */
#ifndef MACHIAI_DISPLAY_ANNOUNCE_H
#define MACHIAI_DISPLAY_ANNOUNCE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/config.h"
#include "core/lang.h"
#include "display/locale.h"
#include "display/status.h"

#define ANNOUNCE_QUEUE_MAX 8 /* calls waiting behind the one being announced */
#define ANNOUNCE_WAIT_MS 4000 /* default of announce_settings.wait_ms */
#define ANNOUNCE_GAP_MS 400 /* silence after a chime with nothing said */

/* The settings of [display] and [window] in machiai.conf. */
struct announce_settings {
	bool speech;
	enum lang langs[LANG_COUNT]; /* LANG_JA first */
	int n_langs;
	int volume; /* percent */
	struct config_span quiet[CONFIG_MAX_QUIET];
	int n_quiet;
	int repeat;
	char text[LANG_COUNT][CONFIG_TEMPLATE_MAX]; /* "" = the locale's speak_call */
	char silent[CONFIG_MAX_WINDOWS][CONFIG_ID_MAX]; /* windows with speech = off */
	int n_silent;
	int wait_ms; /* speech not made this long after the sound before it is left out */
};

struct announce;

/**
 * announce_settings_default() - chime and speech in ja and en, full volume.
 */
void announce_settings_default(struct announce_settings *set);

/** announce_settings_from_config() - the settings of @cfg. */
void announce_settings_from_config(struct announce_settings *set, const struct config *cfg);

/**
 * announce_open() - open the audio device and load the chime @chime_wav;
 * start the speech worker when @set says speech. @loc (kept, not copied:
 * valid for the announcer's lifetime) gives the words; @trace, when not
 * NULL, gets a line per sentence handed to a synthesiser and per clip played.
 * Return: the announcer, to be closed with announce_close(), or NULL (with a
 * line on stderr) when there is no audio device or no chime.
 */
struct announce *announce_open(const struct announce_settings *set, const char *chime_wav,
			       struct locale *const loc[LANG_COUNT], FILE *trace);

/** announce_close() - stop the sound and free @an; NULL is fine. */
void announce_close(struct announce *an);

/**
 * announce_call() - queue call @c of document @st (its window's labels),
 * with @now_ms the wall clock (for quiet hours, in the document's UTC
 * offset). Synthesis starts at once, in the worker. NULL @an does nothing.
 */
void announce_call(struct announce *an, const struct status *st, const struct status_call *c,
		   int64_t now_ms);

/**
 * announce_new_calls() - announce_call() for every call of @st newer than
 * @after_seq, oldest first (a document can bring several).
 */
void announce_new_calls(struct announce *an, const struct status *st, int64_t after_seq,
			int64_t now_ms);

/**
 * announce_step() - hand the next clips to the audio device as they become
 * ready, and take note of what played. Call it from the frame loop; it
 * never waits. NULL @an does nothing.
 */
void announce_step(struct announce *an);

/**
 * announce_flash() - the call to flash: true, with its @seq and the ms
 * since its chime began in @since_ms, from its chime until it has been
 * spoken and at least @min_ms.
 */
bool announce_flash(const struct announce *an, int64_t min_ms, int64_t *seq, int64_t *since_ms);

#endif
