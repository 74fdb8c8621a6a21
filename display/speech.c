/* SPDX-License-Identifier: MIT */
#include "display/speech.h"

#include <SDL.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "display/phrase.h"

/* Debian's packages open-jtalk-mecab-naist-jdic and hts-voice-nitech-jp-atr503-m001. */
#define SPEECH_JTALK_DIC "/var/lib/mecab/dic/open-jtalk/naist-jdic"
#define SPEECH_JTALK_VOICE \
	"/usr/share/hts-voice/nitech-jp-atr503-m001/nitech_jp_atr503_m001.htsvoice"
#define SPEECH_WAV_MAX (16 * 1024 * 1024) /* about 3 minutes at 48 kHz: far more than a call */
#define SPEECH_SILENCE 300 /* peak below this (-41 dBFS) is silence */

extern char **environ;

enum speech_state {
	SPEECH_QUEUED,
	SPEECH_RUNNING,
	SPEECH_READY,
	SPEECH_FAILED
};

struct speech_entry {
	bool used;
	enum lang lang;
	char text[PHRASE_MAX];
	enum speech_state state;
	uint64_t order; /* request order, for the queue */
	uint64_t used_at; /* for eviction, least recently used first */
	int16_t *s;
	size_t n;
};

/* Open JTalk and espeak-ng each have a worker: one that hangs does not hold up the other. */
enum speech_engine {
	SPEECH_JTALK,
	SPEECH_ESPEAK,
	SPEECH_ENGINES
};

struct speech;

struct speech_worker {
	struct speech *sp;
	enum speech_engine engine;
	pthread_t thread;
	pid_t child; /* the synthesiser running, 0 when none (atomic) */
	char text[PHRASE_MAX]; /* its copy of the text it synthesises */
};

struct speech {
	struct speech_worker w[SPEECH_ENGINES];
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
	int timeout_ms; /* a synthesiser still running then is killed */
	uint64_t tick;
	size_t bytes; /* of ready clips */
	bool failing[LANG_COUNT]; /* the failure has been logged */
	struct speech_entry e[SPEECH_CACHE_ENTRIES];
};

static int64_t speech_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The synthesiser of @lang reading its text from stdin and writing a WAV to
 * stdout. Mandarin uses espeak-ng's voice that reads Latin as pinyin: its
 * other voice, cmn, reads Chinese characters as pinyin spelt out in English
 * (espeak-ng 1.51).
 */
static void speech_argv(enum lang lang, const char *argv[12])
{
	static const char *const espeak_voice[LANG_COUNT] = {
		[LANG_EN] = "en-us+klatt4", /* understood best (tests/display/hear.sh) */
		[LANG_ZH_HANS] = "cmn-latn-pinyin",
		[LANG_KO] = "ko",
		[LANG_VI] = "vi",
	};
	int i = 0;

	if (lang == LANG_JA || lang == LANG_JA_EASY) {
		argv[i++] = "open_jtalk";
		argv[i++] = "-x";
		argv[i++] = SPEECH_JTALK_DIC;
		argv[i++] = "-m";
		argv[i++] = SPEECH_JTALK_VOICE;
		argv[i++] = "-ow";
		argv[i++] = "/dev/stdout";
	} else {
		argv[i++] = "espeak-ng";
		argv[i++] = "-v";
		argv[i++] = espeak_voice[lang];
		argv[i++] = "-b";
		argv[i++] = "1"; /* UTF-8 */
		argv[i++] = "--stdin";
		argv[i++] = "--stdout";
	}
	argv[i] = NULL;
}

static uint32_t speech_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t speech_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/*
 * The samples of a 16-bit PCM WAV in @buf (@len bytes), first channel,
 * resampled to SPEECH_RATE. A data size larger than what is there (a
 * synthesiser writing to a pipe cannot know it) means "to the end".
 */
static int speech_wav(const uint8_t *buf, size_t len, int16_t **s, size_t *n, char *err,
		      size_t err_size)
{
	size_t pos = 12, data = 0, data_len = 0;
	int rate = 0, channels = 0, bits = 0, format = 0, got;
	SDL_AudioStream *as;
	int16_t *mono;
	size_t frames;

	if (len < 12 || memcmp(buf, "RIFF", 4) != 0 || memcmp(buf + 8, "WAVE", 4) != 0) {
		snprintf(err, err_size, "no WAV from the synthesiser (%zu bytes)", len);
		return -1;
	}
	while (pos + 8 <= len) {
		uint32_t clen = speech_le32(buf + pos + 4);

		if (memcmp(buf + pos, "fmt ", 4) == 0 && pos + 8 + 16 <= len) {
			format = speech_le16(buf + pos + 8);
			channels = speech_le16(buf + pos + 10);
			rate = (int)speech_le32(buf + pos + 12);
			bits = speech_le16(buf + pos + 22);
		} else if (memcmp(buf + pos, "data", 4) == 0) {
			data = pos + 8;
			data_len = clen > len - data ? len - data : clen;
			break;
		}
		if (clen > len - pos - 8)
			break;
		pos += 8 + clen + (clen & 1);
	}
	if (!data || format != 1 || bits != 16 || channels < 1 || rate < 8000 || rate > 192000) {
		snprintf(err, err_size, "unexpected WAV from the synthesiser");
		return -1;
	}
	frames = data_len / (2 * (size_t)channels);
	mono = malloc(frames * 2 + 2);
	if (!mono)
		goto err_memory;
	for (size_t i = 0; i < frames; i++)
		mono[i] = (int16_t)speech_le16(buf + data + i * 2 * (size_t)channels);
	if (rate == SPEECH_RATE) {
		*s = mono;
		*n = frames;
		return 0;
	}
	as = SDL_NewAudioStream(AUDIO_S16SYS, 1, rate, AUDIO_S16SYS, 1, SPEECH_RATE);
	if (!as) {
		free(mono);
		snprintf(err, err_size, "resampling: %s", SDL_GetError());
		return -1;
	}
	*n = frames * SPEECH_RATE / (size_t)rate + 64;
	*s = malloc(*n * 2);
	if (!*s || SDL_AudioStreamPut(as, mono, (int)(frames * 2)) < 0 ||
	    SDL_AudioStreamFlush(as) < 0) {
		free(*s);
		free(mono);
		SDL_FreeAudioStream(as);
		goto err_memory;
	}
	got = SDL_AudioStreamGet(as, *s, (int)(*n * 2));
	*n = got > 0 ? (size_t)got / 2 : 0;
	SDL_FreeAudioStream(as);
	free(mono);
	return 0;

err_memory:
	snprintf(err, err_size, "out of memory");
	return -1;
}

/* Cuts silence off both ends of the clip, keeping a few milliseconds. */
static void speech_trim(int16_t *s, size_t *n)
{
	size_t a = 0, b = *n, keep_a = SPEECH_RATE / 100, keep_b = SPEECH_RATE * 3 / 100;

	while (a < b && abs(s[a]) < SPEECH_SILENCE)
		a++;
	while (b > a && abs(s[b - 1]) < SPEECH_SILENCE)
		b--;
	a = a > keep_a ? a - keep_a : 0;
	b = b + keep_b < *n ? b + keep_b : *n;
	memmove(s, s + a, (b - a) * 2);
	*n = b - a;
}

/*
 * Reads the child's stdout into *@buf (grown as needed, at most
 * SPEECH_WAV_MAX bytes; the caller frees it) until it closes or @deadline
 * (monotonic ms) passes.
 */
static ssize_t speech_read_all(int fd, uint8_t **buf, int64_t deadline, bool *late)
{
	size_t len = 0, size = 0;

	*late = false;
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int64_t left = deadline - speech_mono_ms();
		ssize_t r;

		if (left <= 0) {
			*late = true;
			return (ssize_t)len;
		}
		if (poll(&pfd, 1, (int)left) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (pfd.revents == 0)
			continue;
		if (len == size) {
			uint8_t *more;

			if (size == SPEECH_WAV_MAX)
				return (ssize_t)len;
			size = size ? size * 2 : 256 * 1024;
			more = realloc(*buf, size);
			if (!more)
				return -1;
			*buf = more;
		}
		r = read(fd, *buf + len, size - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? -1 : (ssize_t)len;
		len += (size_t)r;
	}
}

/* speech_synth(), telling the worker @w (when not NULL) its child, to be killed on stop. */
static int speech_run(enum lang lang, const char *text, int timeout_ms, int16_t **s, size_t *n,
		      char *err, size_t err_size, struct speech_worker *w)
{
	const char *argv[12];
	posix_spawn_file_actions_t fa;
	int in[2], out[2], status, rc = -1;
	pid_t pid;
	uint8_t *buf = NULL;
	ssize_t len;
	size_t tlen = strlen(text);
	bool late;

	speech_argv(lang, argv);
	if (pipe2(in, O_CLOEXEC) < 0)
		goto err_buf;
	if (pipe2(out, O_CLOEXEC) < 0)
		goto err_in;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	errno = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (w && !errno)
		__atomic_store_n(&w->child, pid, __ATOMIC_SEQ_CST);
	close(in[0]);
	close(out[1]);
	if (errno) {
		snprintf(err, err_size, "%s: %s", argv[0], strerror(errno));
		close(in[1]);
		close(out[0]);
		goto err_buf;
	}
	/* A clause is far smaller than a pipe's buffer: this write does not block. */
	if (write(in[1], text, tlen) != (ssize_t)tlen || write(in[1], "\n", 1) != 1)
		snprintf(err, err_size, "%s: writing the text: %s", argv[0], strerror(errno));
	close(in[1]);
	len = speech_read_all(out[0], &buf, speech_mono_ms() + timeout_ms, &late);
	close(out[0]);
	if (late)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (w)
		__atomic_store_n(&w->child, 0, __ATOMIC_SEQ_CST);
	if (late) {
		snprintf(err, err_size, "%s: no voice within %d ms (killed)", argv[0], timeout_ms);
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(err, err_size, "%s: %s %d", argv[0],
			 WIFEXITED(status) ? "exit status" : "killed by signal",
			 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	} else if (len < 0) {
		snprintf(err, err_size, "%s: reading: %s", argv[0], strerror(errno));
	} else if (speech_wav(buf, (size_t)len, s, n, err, err_size) == 0) {
		speech_trim(*s, n);
		if (*n == 0) {
			free(*s);
			snprintf(err, err_size, "%s: only silence", argv[0]);
		} else {
			rc = 0;
		}
	}
	free(buf);
	return rc;

err_in:
	snprintf(err, err_size, "pipe: %s", strerror(errno));
	close(in[0]);
	close(in[1]);
err_buf:
	free(buf);
	return -1;
}

static enum speech_engine speech_engine_of(enum lang lang)
{
	return lang == LANG_JA || lang == LANG_JA_EASY ? SPEECH_JTALK : SPEECH_ESPEAK;
}

int speech_synth(enum lang lang, const char *text, int timeout_ms, int16_t **s, size_t *n,
		 char *err, size_t err_size)
{
	return speech_run(lang, text, timeout_ms, s, n, err, err_size, NULL);
}

/* The oldest queued entry for @engine, or NULL. Called with the lock held. */
static struct speech_entry *speech_next(struct speech *sp, enum speech_engine engine)
{
	struct speech_entry *best = NULL;

	for (int i = 0; i < SPEECH_CACHE_ENTRIES; i++) {
		struct speech_entry *e = &sp->e[i];

		if (e->used && e->state == SPEECH_QUEUED && speech_engine_of(e->lang) == engine &&
		    (!best || e->order < best->order))
			best = e;
	}
	return best;
}

static void *speech_worker(void *arg)
{
	struct speech_worker *w = arg;
	struct speech *sp = w->sp;
	char *text = w->text;

	pthread_mutex_lock(&sp->lock);
	while (!sp->stop) {
		struct speech_entry *e = speech_next(sp, w->engine);
		enum lang lang;
		char err[256];
		int16_t *s = NULL;
		size_t n = 0;
		int rc;

		if (!e) {
			pthread_cond_wait(&sp->cond, &sp->lock);
			continue;
		}
		e->state = SPEECH_RUNNING;
		lang = e->lang;
		memcpy(text, e->text, sizeof(w->text));
		pthread_mutex_unlock(&sp->lock);
		rc = speech_run(lang, text, sp->timeout_ms, &s, &n, err, sizeof(err), w);
		pthread_mutex_lock(&sp->lock);
		/* The entry stays while RUNNING: eviction skips it. */
		if (rc == 0) {
			e->s = s;
			e->n = n;
			e->state = SPEECH_READY;
			sp->bytes += n * 2;
			if (sp->failing[lang])
				fprintf(stderr, "machiai-display: speech in %s works again\n",
					lang_code(lang));
			sp->failing[lang] = false;
		} else {
			e->state = SPEECH_FAILED;
			if (!sp->failing[lang])
				fprintf(stderr,
					"machiai-display: speech in %s failed (%s); calls keep the "
					"chime\n",
					lang_code(lang), err);
			sp->failing[lang] = true;
		}
	}
	pthread_mutex_unlock(&sp->lock);
	return NULL;
}

/* Stops the first @n workers and frees @sp. */
static void speech_stop(struct speech *sp, int n)
{
	pthread_mutex_lock(&sp->lock);
	sp->stop = true;
	pthread_cond_broadcast(&sp->cond);
	pthread_mutex_unlock(&sp->lock);
	/* A synthesiser still running is killed: its worker then sees the stop. */
	for (int i = 0; i < n; i++) {
		pid_t child = __atomic_load_n(&sp->w[i].child, __ATOMIC_SEQ_CST);

		if (child > 0)
			kill(child, SIGKILL);
		pthread_join(sp->w[i].thread, NULL);
	}
	for (int i = 0; i < SPEECH_CACHE_ENTRIES; i++)
		free(sp->e[i].s);
	pthread_cond_destroy(&sp->cond);
	pthread_mutex_destroy(&sp->lock);
	free(sp);
}

struct speech *speech_new(int timeout_ms)
{
	struct speech *sp = calloc(1, sizeof(*sp));

	if (!sp)
		return NULL;
	sp->timeout_ms = timeout_ms > SPEECH_TIMEOUT_MS ? timeout_ms : SPEECH_TIMEOUT_MS;
	pthread_mutex_init(&sp->lock, NULL);
	pthread_cond_init(&sp->cond, NULL);
	for (int i = 0; i < SPEECH_ENGINES; i++) {
		sp->w[i].sp = sp;
		sp->w[i].engine = (enum speech_engine)i;
		if (pthread_create(&sp->w[i].thread, NULL, speech_worker, &sp->w[i]) != 0) {
			speech_stop(sp, i);
			return NULL;
		}
	}
	return sp;
}

void speech_free(struct speech *sp)
{
	if (sp)
		speech_stop(sp, SPEECH_ENGINES);
}

static struct speech_entry *speech_find(struct speech *sp, enum lang lang, const char *text)
{
	for (int i = 0; i < SPEECH_CACHE_ENTRIES; i++) {
		struct speech_entry *e = &sp->e[i];

		if (e->used && e->lang == lang && strcmp(e->text, text) == 0)
			return e;
	}
	return NULL;
}

/* Frees the least recently used finished entry. Called with the lock held. */
static bool speech_evict(struct speech *sp)
{
	struct speech_entry *old = NULL;

	for (int i = 0; i < SPEECH_CACHE_ENTRIES; i++) {
		struct speech_entry *e = &sp->e[i];

		if (e->used && (e->state == SPEECH_READY || e->state == SPEECH_FAILED) &&
		    (!old || e->used_at < old->used_at))
			old = e;
	}
	if (!old)
		return false;
	sp->bytes -= old->n * 2;
	free(old->s);
	memset(old, 0, sizeof(*old));
	return true;
}

static struct speech_entry *speech_free_entry(struct speech *sp)
{
	for (int i = 0; i < SPEECH_CACHE_ENTRIES; i++) {
		if (!sp->e[i].used)
			return &sp->e[i];
	}
	return NULL;
}

void speech_request(struct speech *sp, enum lang lang, const char *text)
{
	struct speech_entry *e;

	if (strlen(text) >= PHRASE_MAX)
		return;
	pthread_mutex_lock(&sp->lock);
	e = speech_find(sp, lang, text);
	if (e && e->state == SPEECH_FAILED) {
		e->state = SPEECH_QUEUED;
		e->order = ++sp->tick;
		pthread_cond_broadcast(&sp->cond);
	}
	if (e) {
		e->used_at = ++sp->tick;
		goto out;
	}
	while (sp->bytes > SPEECH_CACHE_BYTES && speech_evict(sp))
		;
	e = speech_free_entry(sp);
	if (!e && speech_evict(sp))
		e = speech_free_entry(sp);
	if (!e)
		goto out; /* every entry is queued: speech_take() says -1 */
	e->used = true;
	e->lang = lang;
	memcpy(e->text, text, strlen(text) + 1);
	e->state = SPEECH_QUEUED;
	e->order = ++sp->tick;
	e->used_at = sp->tick;
	pthread_cond_broadcast(&sp->cond);
out:
	pthread_mutex_unlock(&sp->lock);
}

int speech_take(struct speech *sp, enum lang lang, const char *text, int16_t **s, size_t *n)
{
	struct speech_entry *e;
	int rc = -1;

	pthread_mutex_lock(&sp->lock);
	e = speech_find(sp, lang, text);
	if (!e || e->state == SPEECH_FAILED)
		goto out;
	if (e->state != SPEECH_READY) {
		rc = 0;
		goto out;
	}
	*s = malloc(e->n * 2);
	if (!*s)
		goto out;
	memcpy(*s, e->s, e->n * 2);
	*n = e->n;
	e->used_at = ++sp->tick;
	rc = 1;
out:
	pthread_mutex_unlock(&sp->lock);
	return rc;
}
