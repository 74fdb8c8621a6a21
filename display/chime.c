/* SPDX-License-Identifier: MIT */
#include "display/chime.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display/speech.h"

struct chime {
	int16_t *s;
	size_t n;
};

struct chime *chime_open(const char *wav_path)
{
	struct chime *c = calloc(1, sizeof(*c));
	SDL_AudioSpec spec;
	SDL_AudioCVT cvt;
	Uint8 *buf;
	Uint32 len;

	if (!c)
		return NULL;
	if (!SDL_LoadWAV(wav_path, &spec, &buf, &len)) {
		fprintf(stderr, "machiai-display: %s: %s; calls flash without a chime\n", wav_path,
			SDL_GetError());
		goto err_free;
	}
	if (SDL_BuildAudioCVT(&cvt, spec.format, spec.channels, spec.freq, AUDIO_S16SYS, 1,
			      SPEECH_RATE) < 0)
		goto err_wav;
	cvt.len = (int)len;
	cvt.buf = malloc((size_t)len * (size_t)(cvt.len_mult > 0 ? cvt.len_mult : 1));
	if (!cvt.buf)
		goto err_wav;
	memcpy(cvt.buf, buf, len);
	if (cvt.needed && SDL_ConvertAudio(&cvt) < 0) {
		free(cvt.buf);
		goto err_wav;
	}
	c->s = (int16_t *)cvt.buf;
	c->n = (size_t)(cvt.needed ? cvt.len_cvt : cvt.len) / 2;
	SDL_FreeWAV(buf);
	return c;

err_wav:
	fprintf(stderr, "machiai-display: %s: %s; calls flash without a chime\n", wav_path,
		SDL_GetError());
	SDL_FreeWAV(buf);
err_free:
	free(c);
	return NULL;
}

void chime_close(struct chime *c)
{
	if (!c)
		return;
	free(c->s);
	free(c);
}

int chime_samples(const struct chime *c, bool before_speech, int16_t **s, size_t *n)
{
	size_t cut = (size_t)SPEECH_RATE * CHIME_BEFORE_SPEECH_MS / 1000;
	size_t fade = (size_t)SPEECH_RATE * CHIME_FADE_MS / 1000;

	*n = before_speech && c->n > cut ? cut : c->n;
	*s = malloc(*n * 2 + 2);
	if (!*s)
		return -1;
	memcpy(*s, c->s, *n * 2);
	if (*n == cut && fade < cut) {
		for (size_t i = cut - fade; i < cut; i++)
			(*s)[i] = (int16_t)((*s)[i] * (int64_t)(cut - i) / (int64_t)fade);
	}
	return 0;
}
