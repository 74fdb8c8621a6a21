/* SPDX-License-Identifier: MIT */
/*
 * machiaid: the appliance daemon. One loop (daemon/loop.h) owns the office
 * state, its journal and the local HTTP API; other parts register their fds
 * and timers with the same loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/civil.h"
#include "core/config.h"
#include "daemon/api.h"
#include "daemon/clock.h"
#include "daemon/confload.h"
#include "daemon/evjson.h"
#include "daemon/kiosk.h"
#include "daemon/log.h"
#include "daemon/loop.h"
#include "daemon/sdnotify.h"
#include "daemon/state.h"
#include "daemon/timesync.h"
#include "daemon/version.h"
#include "daemon/webfiles.h"
#include "feed/daemonfeed.h"
#include "sensors/attach.h"
#include "sensors/sensors.h"

#define MAIN_TICK_MS 1000 /* how often time-driven events are looked for, real ms */
#define MAIN_TICK_MIN_MS 10 /* ... at most this often on a fast simulated clock */

static const char usage[] =
	"usage: machiaid --config FILE [--listen ADDR:PORT] [--state-dir DIR] [--console-dir DIR]\n"
	"       machiaid --check-config FILE [--lang en|ja|en,ja|ja,en] [--past-dates-ok]\n"
	"       machiaid --help | --version\n"
	"\n"
	"  --config FILE       the appliance configuration (machiai.conf)\n"
	"  --listen ADDR:PORT  serve the local API here instead of [api] listen (port 0: any free)\n"
	"  --state-dir DIR     keep the journal here instead of [api] state_dir\n"
	"  --console-dir DIR   serve the staff console from DIR (default: found next to the\n"
	"                      program, or /usr/share/machiai/console)\n"
	"  --check-config FILE print every error of FILE as FILE:LINE: message; exit 2 if any\n"
	"                      (warnings as FILE:LINE: warning: message, exit 0); a\n"
	"                      [calendar] date before today is an error\n"
	"  --past-dates-ok     ... but not with this (the check at boot: the clock may not be\n"
	"                      set yet, and a date gone by is only a line to tidy up)\n"
	"  --lang LIST         the languages of --check-config's messages (default en): the\n"
	"                      first after FILE:LINE:, each other on a line \"\\tCODE: message\"\n"
	"  --clock-check       say in the status document when the system clock is not set\n"
	"                      (no time server reached since boot, no real-time clock)\n"
	"\n"
	"For tests and the simulator only:\n"
	"  --clock-start ISO   run on a clock that starts at ISO (2026-11-23T08:25:00+09:00);\n"
	"                      with --check-config, the date that is today\n"
	"  --clock-speed N     ... and runs N times faster than real time (default 1)\n";

struct main_ctx {
	struct loop *loop;
	struct state *state;
	struct daemonfeed *feed; /* NULL when [feed] url is not set */
	struct kiosk *kiosk;
};

static void main_on_signal(void *arg, int signo)
{
	struct main_ctx *m = arg;

	log_info("machiaid: signal %d, exiting", signo);
	loop_quit(m->loop, 0);
}

/* Tell systemd the loop is alive (WatchdogSec= of machiaid.service). */
static void main_on_watchdog(void *arg)
{
	(void)arg;
	sdnotify_send("WATCHDOG=1");
}

static void main_on_tick(void *arg)
{
	struct main_ctx *m = arg;

	state_tick(m->state);
}

/* Create @dir if missing, then take its lock so that one daemon uses it. */
static int main_lock_state_dir(const char *dir)
{
	char path[CONFIG_PATH_MAX + 32];
	int fd;

	if (mkdir(dir, 0750) < 0 && errno != EEXIST) {
		log_err("state folder %s: %s", dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/machiaid.lock", dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640);
	if (fd < 0) {
		log_err("%s: %s", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		log_err("%s: another machiaid uses this state folder", path);
		close(fd);
		return -1;
	}
	return fd; /* held until exit */
}

static int main_set(char *dst, size_t size, const char *src, const char *what)
{
	if (strlen(src) >= size) {
		log_err("%s \"%s\" is too long (at most %zu bytes)", what, src, size - 1);
		return -1;
	}
	memcpy(dst, src, strlen(src) + 1);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "check-config", required_argument, NULL, 'C' },
		{ "lang", required_argument, NULL, 'L' },
		{ "listen", required_argument, NULL, 'l' },
		{ "state-dir", required_argument, NULL, 's' },
		{ "console-dir", required_argument, NULL, 'w' },
		{ "clock-start", required_argument, NULL, 'S' },
		{ "clock-speed", required_argument, NULL, 'X' },
		{ "clock-check", no_argument, NULL, 'T' },
		{ "past-dates-ok", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config_path = NULL, *listen = NULL, *state_dir = NULL, *console = NULL;
	const char *clock_start = NULL, *check = NULL, *langs = NULL;
	enum confload_lang lang[CONFLOAD_LANGS_MAX];
	int n_lang = 0;
	double speed = 1.0;
	bool clock_check = false, past_ok = false;
	struct config *cfg = NULL;
	struct main_ctx m = { 0 };
	struct api *api = NULL;
	struct sensors_attach *sensors = NULL;
	struct api_options aopt;
	struct clock clk;
	char console_dir[1024], kiosk_dir[1024];
	char err[256];
	int opt, lock_fd = -1, rc = 1;
	int64_t tick;
	char *end;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			config_path = optarg;
			break;
		case 'C':
			check = optarg;
			break;
		case 'L':
			langs = optarg;
			break;
		case 'l':
			listen = optarg;
			break;
		case 's':
			state_dir = optarg;
			break;
		case 'w':
			console = optarg;
			break;
		case 'S':
			clock_start = optarg;
			break;
		case 'T':
			clock_check = true;
			break;
		case 'P':
			past_ok = true;
			break;
		case 'X':
			errno = 0;
			speed = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(speed > 0 && speed <= 10000)) {
				fprintf(stderr,
					"machiaid: --clock-speed %s: expected a number 0 < N <= 10000\n",
					optarg);
				return 2;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		case 'V':
			printf("machiaid %s\n", MACHIAI_VERSION);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (langs && (!check || (n_lang = confload_langs_parse(langs, lang)) < 0)) {
		fprintf(stderr,
			"machiaid: --lang %s: expected en, ja, en,ja or ja,en, with "
			"--check-config\n",
			langs);
		return 2;
	}
	if (check && optind == argc) {
		/* Dates already gone are errors: by the machine's clock, or --clock-start. */
		int64_t now = past_ok ? 0 : (int64_t)time(NULL) * 1000;

		if (clock_start && !past_ok && civil_parse_iso8601(clock_start, &now) < 0) {
			fprintf(stderr, "machiaid: --clock-start %s: expected an ISO 8601 time\n",
				clock_start);
			return 2;
		}
		return n_lang ? confload_check_lang(check, stdout, lang, n_lang, now)
			      : confload_check(check, stdout, now);
	}
	if (!config_path || optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (clock_start) {
		int64_t start;

		if (civil_parse_iso8601(clock_start, &start) < 0) {
			fprintf(stderr, "machiaid: --clock-start %s: expected an ISO 8601 time\n",
				clock_start);
			return 2;
		}
		clock_init_simulated(&clk, start, speed);
	} else {
		clock_init_real(&clk);
	}

	cfg = calloc(1, sizeof(*cfg));
	if (!cfg) {
		log_err("out of memory");
		return 1;
	}
	if (confload_file(config_path, cfg, stderr) < 0) {
		log_err("%s: not started: the configuration has errors", config_path);
		goto out_free_config;
	}
	if ((listen && main_set(cfg->listen, sizeof(cfg->listen), listen, "--listen") < 0) ||
	    (state_dir &&
	     main_set(cfg->state_dir, sizeof(cfg->state_dir), state_dir, "--state-dir") < 0))
		goto out_free_config;
	/* The file's own listen is checked with it; this is --listen's. */
	if (strcmp(cfg->token, CONFIG_EXAMPLE_TOKEN) == 0 && !config_listen_loopback(cfg->listen)) {
		log_err("%s: not started: [api] token is still the example token, which anyone "
			"can read, and --listen %s is open to the network; the example token may "
			"only be used on 127.0.0.1. Write a token of your own in [api] token.",
			config_path, cfg->listen);
		goto out_free_config;
	}
	if (strcmp(cfg->kiosk_token, CONFIG_EXAMPLE_KIOSK_TOKEN) == 0 &&
	    !config_listen_loopback(cfg->listen)) {
		log_err("%s: not started: [kiosk] token is still the example token, which anyone "
			"can read, and --listen %s is open to the network; the example token may "
			"only be used on 127.0.0.1. Write a token of your own in [kiosk] token.",
			config_path, cfg->listen);
		goto out_free_config;
	}
	/* The journal writes times at the office's offset with a four-digit year. */
	if (clock_start && !evjson_time_ok(clock_now(&clk), cfg->utc_offset_minutes)) {
		log_err("--clock-start %s: not started: times run from 1970-01-01T00:00:00Z to "
			"the end of 9999-12-31 in the office's time",
			clock_start);
		goto out_free_config;
	}
	lock_fd = main_lock_state_dir(cfg->state_dir);
	if (lock_fd < 0)
		goto out_free_config;

	m.loop = loop_new();
	if (!m.loop) {
		log_err("event loop: %s", strerror(errno));
		goto out_unlock;
	}
	m.state = state_new(cfg, cfg->state_dir, &clk);
	if (!m.state)
		goto out_free_loop;
	if (clock_check) {
		struct timesync ts;

		timesync_init(&ts);
		state_clock_check(m.state, &ts);
	}
	state_tick(m.state);
	if (sensors_configured(cfg)) {
		sensors = sensors_attach_new(m.loop, m.state, err, sizeof(err));
		if (!sensors) {
			log_err("%s: not started: [gpio] %s", config_path, err);
			goto out_free_state;
		}
	}

	if (webfiles_find_dir(console, "console", console_dir, sizeof(console_dir)) < 0) {
		log_warn("staff console files not found; /console/ is not served");
		console_dir[0] = '\0';
	}
	if (webfiles_find_dir(NULL, "kiosk", kiosk_dir, sizeof(kiosk_dir)) < 0) {
		if (cfg->kiosk_token[0])
			log_warn("kiosk page files not found; /kiosk/ is not served");
		kiosk_dir[0] = '\0';
	}
	aopt.listen = cfg->listen;
	aopt.token = cfg->token;
	aopt.console_dir = console_dir;
	aopt.kiosk_dir = kiosk_dir;
	aopt.kiosk_token = cfg->kiosk_token;
	/* Look once a simulated second, within [MAIN_TICK_MIN_MS, MAIN_TICK_MS] real ms. */
	tick = clock_real_ms(&clk, MAIN_TICK_MS);
	tick = tick < MAIN_TICK_MIN_MS ? MAIN_TICK_MIN_MS
	       : tick > MAIN_TICK_MS   ? MAIN_TICK_MS
				       : tick;
	if (!cfg->token[0])
		log_warn("api: no token configured ([api] token): every write is refused");
	m.feed = daemonfeed_new(m.loop, m.state, cfg, err, sizeof(err));
	if (!m.feed && err[0]) {
		log_err("feed: %s", err);
		goto out_free_state;
	}
	aopt.feed = m.feed;
	/* Before the api: a ticket's document goes out with its print job. */
	m.kiosk = kiosk_new(m.loop, m.state);
	if (!m.kiosk) {
		log_err("kiosk: %s", strerror(errno));
		goto out_free_api;
	}
	aopt.kiosk = m.kiosk;
	api = api_new(m.loop, m.state, &aopt, err, sizeof(err));
	if (!api) {
		log_err("api: %s", err);
		goto out_free_api; /* api_free(NULL) is fine; the feed is freed */
	}
	if (loop_signal_add(m.loop, SIGTERM, main_on_signal, &m) < 0 ||
	    loop_signal_add(m.loop, SIGINT, main_on_signal, &m) < 0 ||
	    !loop_timer_add(m.loop, tick, tick, main_on_tick, &m)) {
		log_err("event loop: cannot register signals and timers");
		goto out_free_api;
	}
	signal(SIGPIPE, SIG_IGN);
	log_info("machiaid %s: office %s, api on port %u (%s), state in %s%s", MACHIAI_VERSION,
		 cfg->office_id, (unsigned)api_port(api), cfg->listen, cfg->state_dir,
		 clock_start ? ", simulated clock" : "");
	if (sdnotify_watchdog_ms() > 0 &&
	    !loop_timer_add(m.loop, sdnotify_watchdog_ms() / 2, sdnotify_watchdog_ms() / 2,
			    main_on_watchdog, &m))
		log_warn("watchdog: no timer left; systemd will restart the daemon");
	sdnotify_send("READY=1");
	rc = loop_run(m.loop) < 0 ? 1 : 0;
	sdnotify_send("STOPPING=1");

out_free_api:
	api_free(api);
	kiosk_free(m.kiosk);
	daemonfeed_free(m.feed);
out_free_state:
	state_free(m.state);
	sensors_attach_free(sensors); /* after the state, which calls it on commits */
out_free_loop:
	loop_free(m.loop);
out_unlock:
	close(lock_fd);
out_free_config:
	free(cfg);
	return rc;
}
