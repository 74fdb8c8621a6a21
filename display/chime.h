/* SPDX-License-Identifier: MIT */
/* The call chime: a short WAV, as samples for display/audio.h. */
#ifndef MACHIAI_DISPLAY_CHIME_H
#define MACHIAI_DISPLAY_CHIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * When speech follows, the chime is cut here, faded out over the last
 * CHIME_FADE_MS: its tail is a quiet decay (below -20 dB of its peak), and
 * speech that starts sooner keeps a call short.
 */
#define CHIME_BEFORE_SPEECH_MS 1150
#define CHIME_FADE_MS 150

struct chime;

/**
 * chime_open() - load @wav_path, converted to mono signed 16-bit at
 * SPEECH_RATE.
 * Return: the chime, to be closed with chime_close(), or NULL (with one
 * line on stderr) when the file is missing or unreadable: calls then flash
 * without a chime.
 */
struct chime *chime_open(const char *wav_path);

/** chime_close() - free @c; NULL is fine. */
void chime_close(struct chime *c);

/**
 * chime_samples() - a malloc'd copy of the chime in *@s (*@n samples; the
 * caller frees it), whole, or cut for speech when @before_speech.
 * Return: 0, or -1 when out of memory.
 */
int chime_samples(const struct chime *c, bool before_speech, int16_t **s, size_t *n);

#endif
