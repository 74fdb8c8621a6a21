/* SPDX-License-Identifier: MIT */
#include "display/audio.h"

#include <SDL.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "display/speech.h"

struct audio_clip {
	int16_t *s;
	size_t n, pos;
	bool started, ended; /* set by the callback */
	bool told_start; /* reported by audio_poll() */
	struct audio_clip_info info;
};

struct audio {
	SDL_AudioDeviceID dev;
	struct audio_clip clips[AUDIO_CLIPS_MAX]; /* a ring: head plays, tail is free */
	int head, count;
	uint64_t played; /* samples given to the device */
};

static int64_t audio_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* SDL's audio thread: the next samples of the clips in turn, silence when none. */
static void audio_callback(void *ctx, Uint8 *stream, int len)
{
	struct audio *a = ctx;
	int16_t *out = (int16_t *)stream;
	size_t want = (size_t)len / 2, done = 0;
	int64_t now = audio_mono_ms();

	for (int k = 0; k < a->count && done < want; k++) {
		struct audio_clip *c = &a->clips[(a->head + k) % AUDIO_CLIPS_MAX];
		size_t take;

		if (c->ended)
			continue;
		if (!c->started) {
			c->started = true;
			c->info.start_sample = a->played + done;
			c->info.start_mono = now + (int64_t)(done * 1000 / SPEECH_RATE);
		}
		take = c->n - c->pos < want - done ? c->n - c->pos : want - done;
		memcpy(out + done, c->s + c->pos, take * 2);
		c->pos += take;
		done += take;
		if (c->pos == c->n) {
			c->ended = true;
			c->info.end_sample = a->played + done;
			c->info.end_mono = now + (int64_t)(done * 1000 / SPEECH_RATE);
		}
	}
	memset(out + done, 0, (want - done) * 2);
	a->played += want;
}

struct audio *audio_open(void)
{
	struct audio *a = calloc(1, sizeof(*a));
	SDL_AudioSpec want = { 0 }, have;

	if (!a)
		return NULL;
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
		fprintf(stderr, "machiai-display: no audio (%s); calls flash without a chime\n",
			SDL_GetError());
		goto err_free;
	}
	want.freq = SPEECH_RATE;
	want.format = AUDIO_S16SYS;
	want.channels = 1;
	want.samples = 1024; /* 46 ms */
	want.callback = audio_callback;
	want.userdata = a;
	a->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
	if (!a->dev) {
		fprintf(stderr,
			"machiai-display: no audio device (%s); calls flash without a chime\n",
			SDL_GetError());
		goto err_quit;
	}
	SDL_PauseAudioDevice(a->dev, 0);
	return a;

err_quit:
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
err_free:
	free(a);
	return NULL;
}

void audio_close(struct audio *a)
{
	if (!a)
		return;
	SDL_CloseAudioDevice(a->dev);
	for (int k = 0; k < a->count; k++)
		free(a->clips[(a->head + k) % AUDIO_CLIPS_MAX].s);
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
	free(a);
}

int audio_push(struct audio *a, int16_t *s, size_t n, int volume, int64_t seq, enum audio_kind kind,
	       int lang)
{
	struct audio_clip *c;

	if (volume < 100) {
		for (size_t i = 0; i < n; i++)
			s[i] = (int16_t)(s[i] * volume / 100);
	}
	SDL_LockAudioDevice(a->dev);
	if (a->count == AUDIO_CLIPS_MAX) {
		SDL_UnlockAudioDevice(a->dev);
		free(s);
		return -1;
	}
	c = &a->clips[(a->head + a->count) % AUDIO_CLIPS_MAX];
	memset(c, 0, sizeof(*c));
	c->s = s;
	c->n = n;
	c->info.seq = seq;
	c->info.kind = kind;
	c->info.lang = lang;
	a->count++;
	SDL_UnlockAudioDevice(a->dev);
	return 0;
}

void audio_poll(struct audio *a,
		void (*fn)(void *ctx, enum audio_event ev, const struct audio_clip_info *c),
		void *ctx)
{
	for (;;) {
		struct audio_clip_info info;
		struct audio_clip *c = NULL;
		bool start = false, end = false;
		int16_t *gone = NULL;

		SDL_LockAudioDevice(a->dev);
		for (int k = 0; k < a->count && !c; k++) {
			struct audio_clip *x = &a->clips[(a->head + k) % AUDIO_CLIPS_MAX];

			if (x->started && !x->told_start) {
				c = x;
				start = true;
				x->told_start = true;
			} else if (k == 0 && x->ended) {
				c = x;
				end = true;
			}
		}
		if (c)
			info = c->info;
		if (end) {
			gone = c->s;
			c->s = NULL;
			a->head = (a->head + 1) % AUDIO_CLIPS_MAX;
			a->count--;
		}
		SDL_UnlockAudioDevice(a->dev);
		if (!c)
			return;
		free(gone);
		fn(ctx, start ? AUDIO_STARTED : AUDIO_ENDED, &info);
	}
}

int audio_queued(struct audio *a)
{
	int n;

	SDL_LockAudioDevice(a->dev);
	n = a->count;
	SDL_UnlockAudioDevice(a->dev);
	return n;
}
