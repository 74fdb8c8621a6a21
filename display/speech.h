/* SPDX-License-Identifier: MIT */
/*
 * Speech synthesis for the spoken calls (docs/display.md): Open JTalk for
 * Japanese (and やさしい日本語), espeak-ng for the other languages, each run
 * as a child process that writes a WAV to a pipe. A worker thread runs them
 * one at a time and only hands back samples; the frame loop never waits for
 * it. Results are cached by language and text.
 */
#ifndef MACHIAI_DISPLAY_SPEECH_H
#define MACHIAI_DISPLAY_SPEECH_H

#include <stddef.h>
#include <stdint.h>

#include "core/lang.h"

#define SPEECH_RATE 22050 /* samples per second of every clip: mono, signed 16-bit */
#define SPEECH_TIMEOUT_MS 10000 /* a synthesiser still running then is killed */
#define SPEECH_CACHE_ENTRIES 128
#define SPEECH_CACHE_BYTES (8 * 1024 * 1024)

struct speech;

/**
 * speech_synth() - synthesise @text in @lang now, in the calling thread,
 * giving at most @timeout_ms to the synthesiser. Silence before and after
 * the voice is cut off.
 * Return: 0 with a malloc'd clip in *@s (*@n samples at SPEECH_RATE; the
 * caller frees it), or -1 with the reason in @err (@err_size bytes).
 */
int speech_synth(enum lang lang, const char *text, int timeout_ms, int16_t **s, size_t *n,
		 char *err, size_t err_size);

/**
 * speech_new() - start the worker threads.
 * @timeout_ms: a synthesiser still running after this long is killed; at
 *              least SPEECH_TIMEOUT_MS (a longer --speech-wait raises it).
 * Return: the synthesiser, to be freed with speech_free(), or NULL.
 */
struct speech *speech_new(int timeout_ms);

/** speech_free() - stop the worker (killing a running synthesiser) and free @sp; NULL is fine. */
void speech_free(struct speech *sp);

/**
 * speech_request() - queue @text in @lang for synthesis, unless it is cached
 * or already queued. Requests are served in the order made. A text that
 * failed before is tried again.
 */
void speech_request(struct speech *sp, enum lang lang, const char *text);

/**
 * speech_take() - the clip of @text in @lang.
 * Return: 1 with a malloc'd copy in *@s (*@n samples; the caller frees it),
 * 0 while it is queued or being made, -1 when it failed or was never
 * requested. The first failure of a language is logged on stderr, and again
 * only after that language has worked once more.
 */
int speech_take(struct speech *sp, enum lang lang, const char *text, int16_t **s, size_t *n);

#endif
