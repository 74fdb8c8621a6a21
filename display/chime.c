/* SPDX-License-Identifier: MIT */
#include "display/chime.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>

struct chime {
	SDL_AudioDeviceID dev;
	Uint8 *buf;
	Uint32 len;
};

struct chime *chime_open(const char *wav_path)
{
	struct chime *c = calloc(1, sizeof(*c));
	SDL_AudioSpec spec;

	if (!c)
		return NULL;
	if (SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
		fprintf(stderr, "machiai-display: no audio (%s); calls flash without a chime\n",
			SDL_GetError());
		goto err_free;
	}
	if (!SDL_LoadWAV(wav_path, &spec, &c->buf, &c->len)) {
		fprintf(stderr, "machiai-display: %s: %s; calls flash without a chime\n", wav_path,
			SDL_GetError());
		goto err_quit;
	}
	c->dev = SDL_OpenAudioDevice(NULL, 0, &spec, NULL, 0);
	if (!c->dev) {
		fprintf(stderr,
			"machiai-display: no audio device (%s); calls flash without a chime\n",
			SDL_GetError());
		goto err_wav;
	}
	return c;

err_wav:
	SDL_FreeWAV(c->buf);
err_quit:
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
err_free:
	free(c);
	return NULL;
}

void chime_close(struct chime *c)
{
	if (!c)
		return;
	SDL_CloseAudioDevice(c->dev);
	SDL_FreeWAV(c->buf);
	SDL_QuitSubSystem(SDL_INIT_AUDIO);
	free(c);
}

void chime_play(struct chime *c)
{
	if (!c)
		return;
	SDL_ClearQueuedAudio(c->dev);
	SDL_QueueAudio(c->dev, c->buf, c->len);
	SDL_PauseAudioDevice(c->dev, 0);
}
