/* SPDX-License-Identifier: MIT */
/*
 * machiai-display: the lobby sign. Reads the status document from a file or
 * the daemon's event stream and draws it (docs/display.md).
 */
#include <SDL.h>
#include <curl/curl.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/civil.h"
#include "core/config.h"
#include "core/lang.h"
#include "display/announce.h"
#include "display/errors.h"
#include "display/layout.h"
#include "display/locale.h"
#include "display/netaddr.h"
#include "display/pngio.h"
#include "display/render.h"
#include "display/status.h"
#include "display/stream.h"
#include "display/text.h"

#define MAIN_DEFAULT_STALE_S 20
#define MAIN_FILE_MAX (STATUS_MAX_SIZE + 1)

struct opts {
	const char *source;
	const char *errors; /* the config-error file: show it instead of a source */
	const char *layout;
	const char *lang; /* fixed second language */
	int width, height; /* output; 0 = the layout's size */
	const char *screenshot;
	double screenshot_after; /* seconds; < 0 = at the first document */
	const char *check_layout;
	const char *check_locale;
	int rotate; /* -1 = the layout's */
	const char *font;
	const char *data_dir;
	const char *config; /* machiai.conf: its [display] section */
	bool sound;
	bool set_sound, set_off_black, set_rotate_seconds; /* given on the command line */
	bool off_black;
	int rotate_seconds;
	int stale_after; /* seconds; -1 = default (stream only) */
	bool now_set;
	int64_t now; /* --now */
	const char *trace;
	int speech_wait_ms; /* 0 = the default */
	double exit_after; /* seconds; 0 = run until stopped */
	long bench_frames; /* draw this many frames, print CPU time per frame, exit */
};

struct app {
	struct opts o;
	char data_dir[PATH_MAX / 2];
	char layout_path[PATH_MAX];
	char config_layout[CONFIG_PATH_MAX];
	struct layout layout;
	struct timespec layout_mtime;
	struct locale *loc[LANG_COUNT];
	struct status *st; /* the last good document, NULL before one */
	struct status *tmp; /* parse buffer */
	bool is_url;
	char url[1024]; /* the URL asked for */
	char doc_err[256]; /* why the last document received was refused; "" when taken */
	char console_url[320]; /* the staff console's URL on the LAN; "" when unknown */
	int64_t console_checked; /* monotonic ms when it was looked for; 0 = never */
	struct stream *stream;
	struct timespec file_mtime;
	bool file_bad; /* the file is missing or its document unusable: the screen is stale */
	struct errors *errs; /* the error screen's errors, NULL when not --errors */
	struct errors *errs_tmp;
	bool errs_have; /* errs holds errors read from the file */
	bool errs_told; /* the file's absence or emptiness has been logged */
	int64_t last_call_seq;
	int64_t flash_start; /* wall ms; 0 = none */
	int64_t last_data_mono; /* monotonic ms of the last data (file read or stream bytes) */
	int64_t doc_mono; /* monotonic ms when the document shown arrived */
	int64_t last_data_wall;
	int64_t doc_gen; /* changes with every document taken */
	struct announce_settings speech; /* spoken calls ([display] of machiai.conf) */
	struct announce *announce; /* chime and speech; NULL when silent */
	FILE *trace;
	int64_t mono0;
};

static volatile sig_atomic_t main_stop;
static volatile sig_atomic_t main_hup;

static void main_on_signal(int sig)
{
	if (sig == SIGHUP)
		main_hup = 1;
	else
		main_stop = 1;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t wall_ms(const struct app *a)
{
	struct timespec ts;

	if (a->o.now_set)
		return a->o.now + (a->o.screenshot ? 0 : mono_ms() - a->mono0);
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The office's time: from a daemon, the document's generated_at plus the
 * time since it arrived (on the monotonic clock), so that a second screen
 * with a wrong clock, or a daemon on a simulated clock, shows the office's
 * date and time; from a file, or before any document, the machine's clock.
 */
static int64_t office_ms(const struct app *a)
{
	if (a->is_url && a->st)
		return a->st->generated_at + (mono_ms() - a->doc_mono);
	return wall_ms(a);
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: machiai-display --source URL|FILE [--layout NAME|FILE] [--lang CODE]\n"
		"                       [--size WxH] [--rotate DEG] [--screenshot OUT.png]\n"
		"                       [--no-sound] [--off-black] [--font FILE] [--data DIR]\n"
		"                       [--config machiai.conf]\n"
		"                       [--rotate-seconds N] [--stale-after SEC] [--speech-wait MS]\n"
		"       machiai-display --errors FILE [--layout NAME|FILE] [--size WxH] [--rotate DEG]\n"
		"                       [--screenshot OUT.png] [--font FILE] [--data DIR]\n"
		"       machiai-display --check-layout FILE\n"
		"       machiai-display --check-locale FILE\n"
		"(docs/display.md)\n");
}

static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && *out >= min && *out <= max ? 0 : -1;
}

static int parse_seconds(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return errno == 0 && end != s && *end == '\0' && *out >= 0 && *out < 86400 ? 0 : -1;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	memset(o, 0, sizeof(*o));
	o->rotate = -1;
	o->sound = true;
	o->rotate_seconds = 6;
	o->stale_after = -1;
	o->screenshot_after = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		long n;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			exit(0);
		}
		if (strcmp(a, "--no-sound") == 0) {
			o->sound = false;
			o->set_sound = true;
			continue;
		}
		if (strcmp(a, "--off-black") == 0) {
			o->off_black = true;
			o->set_off_black = true;
			continue;
		}
		if (!v) {
			fprintf(stderr, "machiai-display: %s: needs a value (or unknown option)\n",
				a);
			return -1;
		}
		i++;
		if (strcmp(a, "--source") == 0) {
			o->source = v;
		} else if (strcmp(a, "--errors") == 0) {
			o->errors = v;
		} else if (strcmp(a, "--layout") == 0) {
			o->layout = v;
		} else if (strcmp(a, "--lang") == 0) {
			if (lang_from_code(v) < 0) {
				fprintf(stderr, "machiai-display: --lang %s: unknown language\n",
					v);
				return -1;
			}
			o->lang = v;
		} else if (strcmp(a, "--size") == 0) {
			char *x = strchr(v, 'x');
			char wbuf[16];

			if (!x || (size_t)(x - v) >= sizeof(wbuf)) {
				fprintf(stderr, "machiai-display: --size %s: want WxH\n", v);
				return -1;
			}
			memcpy(wbuf, v, (size_t)(x - v));
			wbuf[x - v] = '\0';
			if (parse_long(wbuf, 160, 7680, &n) < 0) {
				fprintf(stderr, "machiai-display: --size %s: want WxH\n", v);
				return -1;
			}
			o->width = (int)n;
			if (parse_long(x + 1, 160, 7680, &n) < 0) {
				fprintf(stderr, "machiai-display: --size %s: want WxH\n", v);
				return -1;
			}
			o->height = (int)n;
		} else if (strcmp(a, "--rotate") == 0) {
			if (parse_long(v, 0, 270, &n) < 0 || n % 90) {
				fprintf(stderr, "machiai-display: --rotate: 0, 90, 180 or 270\n");
				return -1;
			}
			o->rotate = (int)n;
		} else if (strcmp(a, "--screenshot") == 0) {
			o->screenshot = v;
		} else if (strcmp(a, "--screenshot-after") == 0) {
			if (parse_seconds(v, &o->screenshot_after) < 0) {
				fprintf(stderr, "machiai-display: --screenshot-after: seconds\n");
				return -1;
			}
		} else if (strcmp(a, "--check-layout") == 0) {
			o->check_layout = v;
		} else if (strcmp(a, "--check-locale") == 0) {
			o->check_locale = v;
		} else if (strcmp(a, "--font") == 0) {
			o->font = v;
		} else if (strcmp(a, "--data") == 0) {
			o->data_dir = v;
		} else if (strcmp(a, "--config") == 0) {
			o->config = v;
		} else if (strcmp(a, "--rotate-seconds") == 0) {
			if (parse_long(v, 1, 3600, &n) < 0) {
				fprintf(stderr, "machiai-display: --rotate-seconds: 1 to 3600\n");
				return -1;
			}
			o->rotate_seconds = (int)n;
			o->set_rotate_seconds = true;
		} else if (strcmp(a, "--stale-after") == 0) {
			if (parse_long(v, 1, 86400, &n) < 0) {
				fprintf(stderr, "machiai-display: --stale-after: 1 to 86400\n");
				return -1;
			}
			o->stale_after = (int)n;
		} else if (strcmp(a, "--now") == 0) {
			if (civil_parse_iso8601(v, &o->now) < 0) {
				fprintf(stderr, "machiai-display: --now %s: not ISO 8601\n", v);
				return -1;
			}
			o->now_set = true;
		} else if (strcmp(a, "--bench-frames") == 0) {
			if (parse_long(v, 1, 100000, &o->bench_frames) < 0) {
				fprintf(stderr, "machiai-display: --bench-frames: 1 to 100000\n");
				return -1;
			}
		} else if (strcmp(a, "--speech-wait") == 0) {
			if (parse_long(v, 100, 600000, &n) < 0) {
				fprintf(stderr,
					"machiai-display: --speech-wait: 100 to 600000 ms\n");
				return -1;
			}
			o->speech_wait_ms = (int)n;
		} else if (strcmp(a, "--trace") == 0) {
			o->trace = v;
		} else if (strcmp(a, "--exit-after") == 0) {
			if (parse_seconds(v, &o->exit_after) < 0) {
				fprintf(stderr, "machiai-display: --exit-after: seconds\n");
				return -1;
			}
		} else {
			fprintf(stderr, "machiai-display: unknown option %s\n", a);
			return -1;
		}
	}
	return 0;
}

/* @dir/@rel into @out; -1 (with @out empty) when it does not fit. */
static int path_join(char *out, size_t size, const char *dir, const char *rel)
{
	int n = snprintf(out, size, "%s/%s", dir, rel);

	if (n < 0 || (size_t)n >= size) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

/* The folder holding display/locales/ and layouts/. */
static int find_data_dir(struct app *a)
{
	return locale_data_dir(a->o.data_dir, a->data_dir, sizeof(a->data_dir));
}

static bool same_time(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

static int load_layout_file(const char *path, struct layout *lay, struct timespec *mtime)
{
	struct diag d = { .n = 0 };
	struct stat sb;
	size_t len;
	char *buf;
	int rc;

	if (mtime && stat(path, &sb) == 0)
		*mtime = sb.st_mtim;
	buf = diag_read_file(path, LAYOUT_MAX_SIZE, &len);
	if (!buf)
		return -1;
	rc = layout_parse(buf, len, lay, &d);
	free(buf);
	diag_print(&d, path, stderr);
	return rc;
}

static void resolve_layout(struct app *a)
{
	const char *l = a->o.layout ? a->o.layout : "landscape";

	if (strchr(l, '/') || strstr(l, ".json"))
		snprintf(a->layout_path, sizeof(a->layout_path), "%s", l);
	else {
		char rel[PATH_MAX / 2];

		snprintf(rel, sizeof(rel), "layouts/%.*s.json", PATH_MAX / 4, l);
		path_join(a->layout_path, sizeof(a->layout_path), a->data_dir, rel);
	}
}

/* Re-reads the layout when it changed (or on SIGHUP); a bad one keeps the old. */
static bool maybe_reload_layout(struct app *a, bool force)
{
	struct layout *lay;
	struct stat sb;
	struct timespec mt = { 0, 0 };
	bool changed = false;

	if (!force && (stat(a->layout_path, &sb) < 0 || same_time(sb.st_mtim, a->layout_mtime)))
		return false;
	lay = malloc(sizeof(*lay));
	if (!lay)
		return false;
	if (load_layout_file(a->layout_path, lay, &mt) == 0) {
		a->layout = *lay;
		if (a->o.rotate >= 0)
			a->layout.rotate = a->o.rotate;
		fprintf(stderr, "machiai-display: %s: layout loaded\n", a->layout_path);
		changed = true;
	} else {
		fprintf(stderr, "machiai-display: %s: keeping the previous layout\n",
			a->layout_path);
	}
	a->layout_mtime = mt;
	free(lay);
	return changed;
}

/*
 * Takes a new document: flash and chime for calls newer than any seen.
 * Return: 0, or -1 when it is not a usable status document (reported).
 */
static int take_status(struct app *a, const char *buf, size_t len, const char *where)
{
	char err[256];
	bool first = a->st == NULL;
	int64_t now;

	if (status_parse(buf, len, a->tmp, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s\n", where, err);
		snprintf(a->doc_err, sizeof(a->doc_err), "%s", err);
		return -1;
	}
	a->doc_err[0] = '\0';
	now = a->is_url ? a->tmp->generated_at : wall_ms(a);
	a->doc_mono = mono_ms();
	if (first) {
		a->st = malloc(sizeof(*a->st));
		if (!a->st)
			return -1;
	}
	memcpy(a->st, a->tmp, sizeof(*a->st));
	a->doc_gen++;
	if (a->trace) {
		fprintf(a->trace, "doc seq %lld mono %lld\n", (long long)a->st->seq,
			(long long)mono_ms());
		fflush(a->trace);
	}
	a->last_data_mono = mono_ms();
	a->last_data_wall = now;
	if (a->st->n_calls > 0) {
		const struct status_call *c = &a->st->calls[0];

		if (first && now - c->at < RENDER_FLASH_MS && now >= c->at) {
			a->flash_start = c->at;
			announce_call(a->announce, a->st, c, now);
		} else if (!first && c->seq > a->last_call_seq) {
			a->flash_start = now;
			announce_new_calls(a->announce, a->st, a->last_call_seq, now);
		}
		a->last_call_seq = c->seq;
	} else {
		a->last_call_seq = 0;
	}
	return 0;
}

static void on_stream_status(void *ctx, const char *data, size_t len)
{
	struct app *a = ctx;

	take_status(a, data, len, a->url);
}

/* Before the first document: why there is none, for the screen. */
static void connection_view(struct app *a, struct render_view *v)
{
	static const enum locale_key keys[] = {
		[STREAM_OK] = LOC_CONNECTING,
		[STREAM_CONNECTING] = LOC_CONNECTING,
		[STREAM_REFUSED] = LOC_CONNECT_REFUSED,
		[STREAM_NO_HOST] = LOC_CONNECT_NO_HOST,
		[STREAM_NOT_FOUND] = LOC_CONNECT_NOT_FOUND,
		[STREAM_NOT_STATUS] = LOC_CONNECT_NOT_STATUS,
		[STREAM_TIMEOUT] = LOC_CONNECT_TIMEOUT,
		[STREAM_FAILED] = LOC_CONNECT_OTHER,
	};
	enum stream_problem p = stream_problem(a->stream);

	v->conn_url = a->url;
	v->conn_why = keys[p];
	v->conn_detail = stream_problem_detail(a->stream);
	if (a->doc_err[0] && (p == STREAM_OK || p == STREAM_CONNECTING)) {
		/* Answered, but with something that is not a status document. */
		v->conn_why = LOC_CONNECT_NOT_STATUS;
		v->conn_detail = a->doc_err;
	}
}

/* The file is unusable: say so once; the last good document stays, marked stale. */
static void file_went_bad(struct app *a)
{
	if (!a->file_bad && a->st)
		fprintf(stderr,
			"machiai-display: %s: keeping the last good document, marked stale\n",
			a->o.source);
	a->file_bad = true;
}

/*
 * Re-reads the status file when it changed. A file that disappears or whose
 * document is unusable leaves the last good one on the screen, marked stale.
 */
/*
 * While the office is closed, once a minute: the staff console's address
 * on the LAN (DHCP may change it), for the closed screen.
 */
static void maybe_find_console(struct app *a, int64_t mono)
{
	char url[sizeof(a->console_url)];

	bool first = a->console_checked == 0;

	if (!a->is_url || !a->st || a->st->service != STATUS_SERVICE_CLOSED ||
	    (!first && mono - a->console_checked < 60000))
		return;
	a->console_checked = mono;
	if (netaddr_console_url(a->url, url, sizeof(url)) < 0)
		url[0] = '\0';
	if (!first && strcmp(url, a->console_url) == 0)
		return;
	if (url[0])
		fprintf(stderr, "machiai-display: the staff console is at %s\n", url);
	else
		fprintf(stderr, "machiai-display: the staff console cannot be reached from the "
				"LAN (the daemon listens on loopback only, or there is no LAN)\n");
	snprintf(a->console_url, sizeof(a->console_url), "%s", url);
	a->doc_gen++;
}

static void maybe_reload_file(struct app *a)
{
	struct stat sb;
	size_t len;
	char *buf;

	if (stat(a->o.source, &sb) < 0) {
		if (!a->file_bad)
			fprintf(stderr, "machiai-display: %s: %s\n", a->o.source,
				errno == ENOENT ? "file not found" : strerror(errno));
		file_went_bad(a);
		return;
	}
	if (a->st && !a->file_bad && same_time(sb.st_mtim, a->file_mtime))
		return;
	if (a->file_bad && a->st && same_time(sb.st_mtim, a->file_mtime))
		return; /* still the bad one */
	a->file_mtime = sb.st_mtim;
	buf = diag_read_file(a->o.source, STATUS_MAX_SIZE, &len);
	if (!buf || take_status(a, buf, len, a->o.source) < 0) {
		file_went_bad(a);
	} else {
		if (a->file_bad)
			fprintf(stderr, "machiai-display: %s: a good document again\n",
				a->o.source);
		a->file_bad = false;
	}
	free(buf);
}

/*
 * Reads at most ERRORS_MAX_SIZE bytes of @path into @buf (that size + 1).
 * Return: the bytes read, or -1 with errno set.
 */
static ssize_t read_errors_file(const char *path, char *buf)
{
	FILE *fp = fopen(path, "rb");
	size_t n;
	int err;

	if (!fp)
		return -1;
	n = fread(buf, 1, ERRORS_MAX_SIZE + 1, fp);
	err = ferror(fp) ? errno : 0;
	fclose(fp);
	if (err) {
		errno = err;
		return -1;
	}
	if (n > ERRORS_MAX_SIZE) {
		fprintf(stderr, "%s: larger than %d bytes; showing the start\n", path,
			ERRORS_MAX_SIZE);
		n = ERRORS_MAX_SIZE;
	}
	return (ssize_t)n;
}

/*
 * Re-reads the config-error file when it changed. A file that disappears,
 * cannot be read or becomes empty leaves the errors shown as they are;
 * before any were read the screen names the file and what is wrong with it.
 */
static void maybe_reload_errors(struct app *a)
{
	const char *path = a->o.errors, *base = strrchr(path, '/');
	struct stat sb;
	char *buf = NULL, why[128];
	ssize_t n = -1;

	base = base ? base + 1 : path;
	if (stat(path, &sb) == 0) {
		if (a->errs_have && same_time(sb.st_mtim, a->file_mtime))
			return;
		a->file_mtime = sb.st_mtim;
		buf = malloc(ERRORS_MAX_SIZE + 1);
		if (!buf)
			return;
		n = read_errors_file(path, buf);
	}
	if (n < 0)
		snprintf(why, sizeof(why), "%s", strerror(errno));
	else
		errors_parse(buf, (size_t)n, a->errs_tmp);
	free(buf);
	if (n >= 0 && a->errs_tmp->total > 0) {
		if (a->errs_tmp->replaced)
			fprintf(stderr,
				"%s: %d invalid bytes (not UTF-8, or control characters) "
				"shown replaced\n",
				path, a->errs_tmp->replaced);
		memcpy(a->errs, a->errs_tmp, sizeof(*a->errs));
		a->errs_have = true;
		a->errs_told = false;
		a->doc_gen++;
		if (a->trace) {
			fprintf(a->trace, "errors %d mono %lld\n", a->errs->total,
				(long long)mono_ms());
			fflush(a->trace);
		}
		return;
	}
	if (n >= 0)
		snprintf(why, sizeof(why), "no errors in the file (empty)");
	if (!a->errs_told) {
		fprintf(stderr, "%s: %s; %s\n", path, why,
			a->errs_have ? "keeping the errors shown" : "shown on the sign");
		a->errs_told = true;
	}
	if (a->errs_have)
		return;
	/* Nothing read yet: the screen says which file and why, not nothing. */
	memset(a->errs_tmp, 0, sizeof(*a->errs_tmp));
	a->errs_tmp->n = a->errs_tmp->total = 1;
	snprintf(a->errs_tmp->e[0].text, sizeof(a->errs_tmp->e[0].text), "%s: %s", base, why);
	if (memcmp(a->errs, a->errs_tmp, sizeof(*a->errs)) != 0) {
		memcpy(a->errs, a->errs_tmp, sizeof(*a->errs));
		a->doc_gen++;
	}
}

/* What the frame shows, from the state and the time. */
static void make_view(struct app *a, int64_t now, struct render_view *v)
{
	memset(v, 0, sizeof(*v));
	v->st = a->st;
	for (int l = 0; l < LANG_COUNT; l++)
		v->loc[l] = a->loc[l];
	v->now_ms = now;
	v->utc_offset_min = 540;
	v->off_hours_black = a->o.off_black;
	v->flash_call = -1;
	v->second = LANG_JA;
	v->conn_why = LOC_CONNECTING;
	if (a->is_url && !a->st)
		connection_view(a, v);
	if (a->console_url[0])
		v->console_url = a->console_url;
	if (a->errs) {
		v->errors = a->errs;
		v->errors_gen = a->doc_gen;
	}
	if (a->o.lang) {
		v->second = (enum lang)lang_from_code(a->o.lang);
	} else if (a->st && a->st->n_languages > 1) {
		int64_t turn = now / 1000 / a->o.rotate_seconds;

		v->second = a->st->languages[1 + turn % (a->st->n_languages - 1)];
	} else if (a->errs || !a->st) {
		/*
		 * The error screen, and the sign before its first document, know no
		 * office's languages: all of them in turn.
		 */
		enum lang all[LANG_COUNT];
		int n = 0;

		for (int l = LANG_JA + 1; l < LANG_COUNT; l++) {
			if (a->loc[l])
				all[n++] = (enum lang)l;
		}
		if (n > 0)
			v->second = all[now / 1000 / a->o.rotate_seconds % n];
	}
	if (!a->loc[v->second])
		v->second = LANG_JA;
	if (!a->st)
		return;
	if (a->is_url) {
		int after = a->o.stale_after > 0 ? a->o.stale_after : MAIN_DEFAULT_STALE_S;
		int64_t last = stream_last_data_ms(a->stream);

		if (last > a->last_data_mono) {
			a->last_data_wall += last - a->last_data_mono; /* a heartbeat */
			a->last_data_mono = last;
		}
		if (mono_ms() - a->last_data_mono > after * 1000LL) {
			v->stale = true;
			v->as_of_ms = a->last_data_wall;
		}
	} else if (a->file_bad) {
		v->stale = true;
		v->as_of_ms = a->last_data_wall;
	} else if (a->o.stale_after > 0 && now - a->st->generated_at > a->o.stale_after * 1000LL) {
		v->stale = true;
		v->as_of_ms = a->st->generated_at;
	}
	if (a->announce) {
		/* With sound, the flash follows the call being announced. */
		int64_t seq, since;

		a->flash_start = 0;
		for (int i = 0; i < a->st->n_calls && !v->stale &&
				announce_flash(a->announce, RENDER_FLASH_MS, &seq, &since);
		     i++) {
			if (a->st->calls[i].seq == seq) {
				a->flash_start = now - since;
				v->flash_call = i;
				v->flash_on = since / RENDER_BLINK_MS % 2 == 0;
				break;
			}
		}
	} else if (a->flash_start && now - a->flash_start < RENDER_FLASH_MS &&
		   now >= a->flash_start && a->st->n_calls > 0 && !v->stale) {
		v->flash_call = 0;
		v->flash_on = (now - a->flash_start) / RENDER_BLINK_MS % 2 == 0;
	}
}

/* A key of everything visible: a frame is drawn when it changes. */
struct view_key {
	int64_t doc_gen, minute;
	int second_lang, flash_call, flash_on, stale, w, h, layout_gen, conn_why;
};

static int take_screenshot(SDL_Renderer *r, int w, int h, const char *path)
{
	uint8_t *px = malloc((size_t)w * (size_t)h * 4);
	int rc;

	if (!px)
		return -1;
	if (SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_ABGR8888, px, w * 4) < 0) {
		fprintf(stderr, "machiai-display: reading pixels: %s\n", SDL_GetError());
		free(px);
		return -1;
	}
	rc = pngio_write(path, w, h, px, w * 4);
	free(px);
	return rc;
}

static int check_file(const char *path, bool is_layout)
{
	int rc;

	if (is_layout) {
		struct layout lay;

		rc = load_layout_file(path, &lay, NULL);
	} else {
		struct locale *loc = malloc(sizeof(*loc));

		if (!loc)
			return 1;
		rc = locale_load_file(path, loc);
		free(loc);
	}
	if (rc == 0)
		printf("%s: ok\n", path);
	return rc == 0 ? 0 : 2;
}

static double cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/*
 * Draws and presents --bench-frames whole frames twice: steady (the same
 * screen again, as on the clock's heartbeat) and changing (the second
 * language turns every frame, so text is rasterised anew), and prints the
 * CPU time per frame.
 */
static int bench(struct app *a, SDL_Renderer *r, struct render *rd, int w, int h)
{
	struct render_view v;
	unsigned long r0;
	double t0, steady, changing;

	make_view(a, office_ms(a), &v);
	render_frame(rd, &a->layout, &v, w, h); /* warm the cache */
	SDL_RenderPresent(r);
	r0 = render_rasterised(rd);
	t0 = cpu_ms();
	for (long i = 0; i < a->o.bench_frames; i++) {
		render_frame(rd, &a->layout, &v, w, h);
		SDL_RenderPresent(r);
	}
	steady = (cpu_ms() - t0) / (double)a->o.bench_frames;
	printf("steady_frame_cpu_ms %.3f rasterised %lu\n", steady, render_rasterised(rd) - r0);
	t0 = cpu_ms();
	r0 = render_rasterised(rd);
	for (long i = 0; i < a->o.bench_frames; i++) {
		v.second = (enum lang)(1 + i % (LANG_COUNT - 1));
		if (!a->loc[v.second])
			v.second = LANG_JA;
		render_frame(rd, &a->layout, &v, w, h);
		SDL_RenderPresent(r);
	}
	changing = (cpu_ms() - t0) / (double)a->o.bench_frames;
	printf("changing_frame_cpu_ms %.3f rasterised %lu\n", changing, render_rasterised(rd) - r0);
	printf("size %dx%d frames %ld\n", w, h, a->o.bench_frames);
	return 0;
}

/*
 * Takes the [display] section of machiai.conf (docs/config.md); options given
 * on the command line win. A file with errors ends start-up: every error is
 * printed as FILE:LINE: message.
 */
static int load_config(struct opts *o, char *layout, size_t layout_size,
		       struct announce_settings *speech)
{
	struct config *cfg = malloc(sizeof(*cfg));
	struct config_errors *errs = calloc(1, sizeof(*errs));
	size_t len;
	char *buf = NULL;
	int rc = -1;

	if (!cfg || !errs)
		goto out;
	buf = diag_read_file(o->config, CONFIG_MAX_SIZE, &len);
	if (!buf)
		goto out;
	if (config_parse(buf, len, cfg, errs) < 0) {
		for (int i = 0; i < errs->n; i++)
			fprintf(stderr, "%s:%d: %s\n", o->config, errs->e[i].line,
				errs->e[i].message);
		if (errs->dropped)
			fprintf(stderr, "%s: %d more errors\n", o->config, errs->dropped);
		goto out;
	}
	if (!o->layout && cfg->layout[0]) {
		snprintf(layout, layout_size, "%s", cfg->layout);
		o->layout = layout;
	}
	if (o->rotate < 0)
		o->rotate = cfg->rotate;
	if (!o->set_sound)
		o->sound = cfg->sound;
	if (!o->set_rotate_seconds)
		o->rotate_seconds = cfg->rotate_seconds;
	if (!o->set_off_black)
		o->off_black = cfg->off_hours_black;
	announce_settings_from_config(speech, cfg);
	rc = 0;
out:
	free(buf);
	free(errs);
	free(cfg);
	return rc;
}

static int run(struct app *a)
{
	SDL_Window *win = NULL;
	SDL_Renderer *r = NULL;
	struct render *rd = NULL;
	const char *font;
	int out_w, out_h, rc = 1, layout_gen = 0;
	bool turned, software = false, shot_due;
	struct view_key last;
	int64_t last_frame = 0, last_second = 0, start = mono_ms();
	unsigned long frames = 0, drawn = 0; /* presented, drawn anew */
	Uint32 flags = SDL_WINDOW_SHOWN;

	memset(&last, 0xff, sizeof(last));
	font = text_font_find(a->o.font);
	if (!font) {
		fprintf(stderr, "machiai-display: no font: install fonts-noto-cjk or use --font\n");
		return 1;
	}
	turned = a->layout.rotate == 90 || a->layout.rotate == 270;
	out_w = a->o.width ? a->o.width : (turned ? a->layout.height : a->layout.width);
	out_h = a->o.height ? a->o.height : (turned ? a->layout.width : a->layout.height);
	if (a->o.screenshot) {
		setenv("SDL_VIDEODRIVER", "offscreen", 0);
		flags = SDL_WINDOW_HIDDEN;
	} else if (!a->o.width) {
		flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
	}
	if (SDL_Init(SDL_INIT_VIDEO) < 0) {
		fprintf(stderr, "machiai-display: SDL_Init: %s\n", SDL_GetError());
		return 1;
	}
	SDL_ShowCursor(SDL_DISABLE);
	if (a->o.screenshot || strcmp(SDL_GetCurrentVideoDriver(), "offscreen") == 0) {
		/* No screen: the software renderer on the window's own framebuffer, no GL. */
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
		SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
		software = true;
	} else if (SDL_strcasecmp(SDL_GetCurrentVideoDriver(), "kmsdrm") == 0 &&
		   !SDL_GetHint(SDL_HINT_RENDER_DRIVER)) {
		/*
		 * KMS/DRM gives OpenGL ES through EGL and GBM; SDL's first choice, the
		 * desktop OpenGL renderer, gets a context whose fixed-function calls all
		 * fail, leaving the screen black (seen with Mesa on virtio-gpu).
		 */
		SDL_SetHint(SDL_HINT_RENDER_DRIVER, "opengles2");
	}
	win = SDL_CreateWindow("machiai", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, out_w,
			       out_h, flags);
	if (!win) {
		fprintf(stderr, "machiai-display: SDL_CreateWindow: %s\n", SDL_GetError());
		goto out_quit;
	}
	if (!software)
		r = SDL_CreateRenderer(win, -1,
				       SDL_RENDERER_ACCELERATED | SDL_RENDERER_TARGETTEXTURE);
	if (!r)
		r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE | SDL_RENDERER_TARGETTEXTURE);
	if (!r) {
		fprintf(stderr, "machiai-display: SDL_CreateRenderer: %s\n", SDL_GetError());
		goto out_window;
	}
	rd = render_new(r, font);
	if (!rd)
		goto out_renderer;
	if (a->o.bench_frames > 0) {
		int bw = out_w, bh = out_h;

		if (!a->o.width)
			SDL_GetRendererOutputSize(r, &bw, &bh);
		rc = bench(a, r, rd, bw, bh);
		goto out_render;
	}
	if (a->o.sound && !a->o.screenshot) {
		char wav[PATH_MAX];

		path_join(wav, sizeof(wav), a->data_dir, "display/sounds/chime.wav");
		a->announce = announce_open(&a->speech, wav, a->loc, a->trace);
		/* A call already flashing from a document read before the sound was up. */
		if (a->flash_start && office_ms(a) - a->flash_start < RENDER_FLASH_MS)
			announce_call(a->announce, a->st, &a->st->calls[0], office_ms(a));
	}

	while (!main_stop) {
		struct render_view v;
		struct view_key k;
		int64_t now, mono = mono_ms();
		int wait_ms;
		SDL_Event ev;

		while (SDL_PollEvent(&ev)) {
			if (ev.type == SDL_QUIT)
				main_stop = 1;
			if (ev.type == SDL_WINDOWEVENT)
				last.w = -1; /* exposed or resized: draw again */
		}
		if (main_hup || (mono / 1000 != last_frame / 1000 && !a->o.screenshot)) {
			if (maybe_reload_layout(a, main_hup))
				layout_gen++;
			main_hup = 0;
		}
		announce_step(a->announce);
		if (a->errs) {
			if (mono / 1000 != last_frame / 1000)
				maybe_reload_errors(a);
		} else if (a->is_url) {
			stream_step(a->stream, mono);
			maybe_find_console(a, mono);
		} else if (mono / 1000 != last_frame / 1000 || !a->st) {
			maybe_reload_file(a);
		}

		now = office_ms(a);
		make_view(a, now, &v);
		if (a->o.width) {
			k.w = out_w;
			k.h = out_h;
		} else {
			SDL_GetRendererOutputSize(r, &k.w, &k.h);
		}
		k.doc_gen = a->doc_gen;
		k.minute = now / 60000;
		k.second_lang = v.second;
		k.flash_call = v.flash_call;
		k.flash_on = v.flash_on;
		k.stale = v.stale;
		k.layout_gen = layout_gen;
		k.conn_why = v.conn_why;
		shot_due = a->o.screenshot &&
			   (a->o.screenshot_after < 0
				    ? a->st != NULL || !a->is_url
				    : mono - start >= (int64_t)(a->o.screenshot_after * 1000));
		if (memcmp(&k, &last, sizeof(k)) != 0 || now / 1000 != last_second || shot_due) {
			bool changed = memcmp(&k, &last, sizeof(k)) != 0;

			/*
			 * Nothing changed, only the once-a-second heartbeat: a software
			 * renderer's window still holds the frame; present it again.
			 * Other renderers' back buffers are undefined: draw it again.
			 */
			if (changed || !software || a->o.screenshot) {
				if (a->layout.rotate == 90 || a->layout.rotate == 270) {
					/* Margins around a turned canvas. */
					SDL_SetRenderDrawColor(r, 0, 0, 0, 255);
					SDL_RenderClear(r);
				}
				render_frame(rd, &a->layout, &v, k.w, k.h);
				drawn++;
			}
			frames++;
			if (shot_due) {
				rc = take_screenshot(r, k.w, k.h, a->o.screenshot) == 0 ? 0 : 1;
				if (!a->st && !a->errs) {
					/* The picture shows why; the caller must still notice. */
					fprintf(stderr,
						"machiai-display: %s: no status document arrived; "
						"%s shows the connection screen\n",
						a->url, a->o.screenshot);
					rc = 1;
				}
				goto out_render;
			}
			SDL_RenderPresent(r);
			if (a->trace) {
				/* "mono" is when the frame was presented. */
				fprintf(a->trace,
					"frame %lu mono %lld seq %lld stale %d flash %d lang %s "
					"second_px %d drawn %lu rasterised %lu\n",
					frames, (long long)mono_ms(),
					a->st ? (long long)a->st->seq : -1LL, v.stale,
					v.flash_call >= 0, lang_code(v.second),
					render_second_px(rd), drawn, render_rasterised(rd));
				fflush(a->trace);
			}
			last = k;
			last_frame = mono;
			last_second = now / 1000;
		}
		if (a->o.exit_after > 0 && mono - start >= (int64_t)(a->o.exit_after * 1000)) {
			rc = 0;
			break;
		}
		/* Sleep until the next second, blink phase or network event. */
		wait_ms = 1000 - (int)(now % 1000);
		if (v.flash_call >= 0) {
			int phase =
				RENDER_BLINK_MS - (int)((now - a->flash_start) % RENDER_BLINK_MS);

			wait_ms = phase < wait_ms ? phase : wait_ms;
		}
		if (wait_ms > 100)
			wait_ms = 100; /* keep window events flowing */
		if (wait_ms < 1)
			wait_ms = 1;
		if (a->is_url)
			stream_wait(a->stream, wait_ms);
		else
			SDL_Delay((Uint32)wait_ms);
		if (a->o.screenshot && a->o.screenshot_after < 0 && a->is_url &&
		    mono - start > 10000) {
			a->o.screenshot_after = 0; /* the connection screen, then exit 1 */
		}
	}
	if (main_stop)
		rc = 0;
	if (a->trace) {
		fprintf(a->trace, "exit frames %lu drawn %lu rasterised %lu\n", frames, drawn,
			render_rasterised(rd));
		fflush(a->trace);
	}
out_render:
	announce_close(a->announce);
	a->announce = NULL;
	render_free(rd);
out_renderer:
	SDL_DestroyRenderer(r);
out_window:
	SDL_DestroyWindow(win);
out_quit:
	SDL_Quit();
	return rc;
}

int main(int argc, char **argv)
{
	struct app *a = calloc(1, sizeof(*a));
	int rc = 1;

	if (!a)
		return 1;
	if (parse_args(argc, argv, &a->o) < 0) {
		usage(stderr);
		goto out_free;
	}
	if (a->o.check_layout || a->o.check_locale) {
		rc = check_file(a->o.check_layout ? a->o.check_layout : a->o.check_locale,
				a->o.check_layout != NULL);
		goto out_free;
	}
	if (!a->o.source == !a->o.errors) {
		usage(stderr);
		goto out_free;
	}
	a->mono0 = mono_ms();
	announce_settings_default(&a->speech);
	if (a->o.speech_wait_ms)
		a->speech.wait_ms = a->o.speech_wait_ms;
	/* The error screen needs nothing of machiai.conf, which may be what is wrong. */
	if (a->o.config && !a->o.errors &&
	    load_config(&a->o, a->config_layout, sizeof(a->config_layout), &a->speech) < 0)
		goto out_free;
	if (find_data_dir(a) < 0) {
		fprintf(stderr, "machiai-display: data folder name too long\n");
		goto out_free;
	}
	if (locale_load_all(a->data_dir, a->loc, "machiai-display") < 0) {
		fprintf(stderr, "machiai-display: the Japanese locale is required\n");
		goto out_free;
	}
	resolve_layout(a);
	if (load_layout_file(a->layout_path, &a->layout, &a->layout_mtime) < 0)
		goto out_free;
	if (a->o.rotate >= 0)
		a->layout.rotate = a->o.rotate;
	a->tmp = malloc(sizeof(*a->tmp));
	if (!a->tmp)
		goto out_free;
	if (a->o.trace) {
		a->trace = fopen(a->o.trace, "w");
		if (!a->trace) {
			fprintf(stderr, "%s: %s\n", a->o.trace, strerror(errno));
			goto out_free;
		}
	}
	/* A URL, or HOST:PORT as a person types the daemon's address (unless such a file exists). */
	a->is_url = a->o.source && stream_url_like(a->o.source) &&
		    (strstr(a->o.source, "://") || access(a->o.source, F_OK) < 0);
	if (a->is_url && stream_url_normalize(a->o.source, a->url, sizeof(a->url)) < 0) {
		fprintf(stderr, "machiai-display: --source %s: not a usable URL\n", a->o.source);
		goto out_free;
	}
	signal(SIGINT, main_on_signal);
	signal(SIGTERM, main_on_signal);
	signal(SIGHUP, main_on_signal);
	signal(SIGPIPE, SIG_IGN);
	if (a->o.errors) {
		a->o.sound = false;
		a->errs = calloc(1, sizeof(*a->errs));
		a->errs_tmp = calloc(1, sizeof(*a->errs_tmp));
		if (!a->errs || !a->errs_tmp)
			goto out_free;
		maybe_reload_errors(a);
	} else if (a->is_url) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		a->stream = stream_new(a->url, on_stream_status, a);
		if (!a->stream)
			goto out_free;
	} else {
		maybe_reload_file(a);
		if (!a->st) {
			/* A missing file has been named as such; a bad one's errors printed. */
			if (access(a->o.source, F_OK) == 0)
				fprintf(stderr, "machiai-display: %s: no usable status document\n",
					a->o.source);
			goto out_free;
		}
	}
	rc = run(a);
out_free:
	stream_free(a->stream);
	if (a->is_url)
		curl_global_cleanup();
	if (a->trace)
		fclose(a->trace);
	for (int l = 0; l < LANG_COUNT; l++)
		free(a->loc[l]);
	free(a->st);
	free(a->tmp);
	free(a->errs);
	free(a->errs_tmp);
	free(a);
	return rc;
}
