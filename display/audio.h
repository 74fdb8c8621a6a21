/* SPDX-License-Identifier: MIT */
/*
 * The sign's sound output: SDL's default audio device, playing a queue of
 * clips one after the other (chime, speech, pauses), never two at once and
 * never cutting one off. The callback only copies samples; clips are handed
 * over and freed by the main thread.
 */
#ifndef MACHIAI_DISPLAY_AUDIO_H
#define MACHIAI_DISPLAY_AUDIO_H

#include <stddef.h>
#include <stdint.h>

#define AUDIO_CLIPS_MAX 64 /* clips queued or playing */

enum audio_kind {
	AUDIO_CHIME,
	AUDIO_SPEECH,
	AUDIO_PAUSE
};

/* What a clip is, and when it played. */
struct audio_clip_info {
	int64_t seq; /* of the call it belongs to */
	enum audio_kind kind;
	int lang; /* enum lang of speech, -1 otherwise */
	uint64_t start_sample, end_sample; /* position in the output since the device opened */
	int64_t start_mono, end_mono; /* CLOCK_MONOTONIC ms when handed to the device */
};

enum audio_event {
	AUDIO_STARTED,
	AUDIO_ENDED
};

struct audio;

/**
 * audio_open() - open SDL's default audio device (mono, signed 16-bit at
 * SPEECH_RATE; SDL converts for the hardware).
 * Return: the output, to be closed with audio_close(), or NULL with one line
 * on stderr ("... calls flash without a chime").
 */
struct audio *audio_open(void);

/** audio_close() - stop and close @a, freeing the clips; NULL is fine. */
void audio_close(struct audio *a);

/**
 * audio_push() - append @n samples @s, scaled to @volume percent, to the
 * queue. @s is taken over (and freed, also on failure).
 * Return: 0, or -1 when the queue is full.
 */
int audio_push(struct audio *a, int16_t *s, size_t n, int volume, int64_t seq, enum audio_kind kind,
	       int lang);

/**
 * audio_poll() - call @fn for each clip that started or ended since the last
 * call, in order, and free the clips that ended.
 */
void audio_poll(struct audio *a,
		void (*fn)(void *ctx, enum audio_event ev, const struct audio_clip_info *c),
		void *ctx);

/** audio_queued() - number of clips queued or playing. */
int audio_queued(struct audio *a);

#endif
