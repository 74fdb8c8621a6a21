/* SPDX-License-Identifier: MIT */
/*
 * machiai-printer: prints the tickets machiaid issues on an ESC/POS receipt
 * printer. A client of the daemon like the sign: it follows /v1/stream,
 * takes the jobs from GET /v1/printer/jobs, prints each and says how it
 * went, and reports the printer's state (PUT /v1/printer). All printer I/O
 * is here, in its own process, so that a printer that stops reading or
 * answering holds up nothing in the daemon (docs/install.md).
 */
#include <curl/curl.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/config.h"
#include "daemon/confload.h"
#include "daemon/log.h"
#include "daemon/version.h"
#include "display/diag.h"
#include "display/locale.h"
#include "display/stream.h"
#include "display/text.h"
#include "printer/client.h"
#include "printer/escpos.h"
#include "printer/job.h"
#include "printer/paper.h"
#include "printer/port.h"

#define MAIN_POLL_MS 2000 /* the printer's status is asked this often when idle */
#define MAIN_REPORT_MS 5000 /* and reported to the daemon this often (KIOSK_SILENT_MS is 20 s) */
#define MAIN_FETCH_MS 10000 /* jobs are looked for this often even without a stream event */
#define MAIN_DONE_MAX 64 /* tickets remembered as handled */

static const char usage[] =
	"usage: machiai-printer --config FILE [--daemon URL] [--png FILE]\n"
	"       machiai-printer --config FILE --status | --configured\n"
	"       machiai-printer --config FILE --render JOB.json --png FILE\n"
	"       machiai-printer --help | --version\n"
	"\n"
	"  --config FILE     machiai.conf: [printer], and [api] for the daemon and its token\n"
	"  --daemon URL      the daemon (default http://[api] listen)\n"
	"  --png FILE        also write each ticket's image to FILE\n"
	"  --status          ask the printer once, print what it says, exit 0 when it can print\n"
	"  --configured      exit 0 when FILE sets a printer, 1 when it does not (ExecCondition=)\n"
	"  --render JOB.json draw a job (as GET /v1/printer/jobs/{ticket} gives it) to --png\n";

static volatile sig_atomic_t main_quit;

struct main_ctx {
	const struct config *cfg;
	struct client *client;
	struct paper *paper;
	struct paper_look look;
	const char *png;
	struct port *port;
	bool aborted; /* a ticket was cut off: the next one starts with a resync */
	unsigned problems;
	bool reported;
	unsigned reported_problems;
	bool fetch; /* the stream says jobs are waiting */
	char done[MAIN_DONE_MAX][JOB_TICKET_MAX + 24];
	int n_done;
};

static void main_on_signal(int sig)
{
	(void)sig;
	main_quit = 1;
}

static int64_t main_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *main_first_problem(unsigned problems)
{
	for (int i = 0; i < ESCPOS_PROBLEM_COUNT; i++) {
		if (problems & ESCPOS_FAULTS & (1u << i))
			return escpos_problem_code(i);
	}
	return NULL;
}

static void main_disconnect(struct main_ctx *m)
{
	port_close(m->port);
	m->port = NULL;
}

/* Ask the printer how it is; connect first when needed. Updates m->problems. */
static void main_poll(struct main_ctx *m)
{
	int ms = m->cfg->printer_timeout_s * 1000;
	uint8_t reply[ESCPOS_STATUS_REPLY_LEN];
	unsigned p;
	char err[300];

	if (!m->port) {
		m->port = port_open(m->cfg->printer_device, m->cfg->printer_host, ms, err,
				    sizeof(err));
		if (!m->port) {
			if (!(m->problems & (1u << ESCPOS_UNREACHABLE)))
				log_warn("printer: %s", err);
			m->problems = 1u << ESCPOS_UNREACHABLE;
			return;
		}
	}
	if (port_status(m->port, escpos_status_query(), ESCPOS_STATUS_QUERY_LEN, reply,
			sizeof(reply), ms) < 0) {
		if (!(m->problems & (1u << ESCPOS_UNREACHABLE)))
			log_warn("printer: no answer to a status query: %s", strerror(errno));
		m->problems = 1u << ESCPOS_UNREACHABLE;
		main_disconnect(m); /* a fresh connection next time */
		return;
	}
	if (escpos_status_parse(reply, &p) < 0) {
		log_warn("printer: not a status answer: %02x %02x %02x", reply[0], reply[1],
			 reply[2]);
		p = 1u << ESCPOS_ERROR;
	}
	if (p != m->problems)
		log_info("printer: %s", p ? escpos_problem_code(__builtin_ctz(p)) : "ok");
	m->problems = p;
}

static void main_report(struct main_ctx *m)
{
	if (client_report(m->client, m->problems) == 0) {
		m->reported = true;
		m->reported_problems = m->problems;
	}
}

/* Print job @j; return NULL when printed, else the problem code why not. */
static const char *main_print(struct main_ctx *m, const struct job *j)
{
	struct escpos_buf bytes = { 0 };
	const uint8_t *bits;
	const char *why;
	int rows;

	main_poll(m);
	why = main_first_problem(m->problems);
	if (why)
		return why;
	bits = paper_draw(m->paper, j, &m->look, &rows);
	if (!bits)
		return "error";
	if (m->png)
		paper_write_png(m->paper, m->png);
	if (escpos_ticket(&bytes, bits, m->cfg->printer_dots, rows, m->cfg->printer_cut,
			  m->aborted) < 0) {
		escpos_buf_free(&bytes);
		return "error";
	}
	if (port_write(m->port, bytes.data, bytes.len, m->cfg->printer_timeout_s * 1000) < 0) {
		log_warn("printer: %s cut off after %d s without progress: %s", j->ticket,
			 m->cfg->printer_timeout_s, strerror(errno));
		escpos_buf_free(&bytes);
		m->aborted = true;
		m->problems = 1u << ESCPOS_UNREACHABLE;
		main_disconnect(m);
		return "unreachable";
	}
	escpos_buf_free(&bytes);
	m->aborted = false;
	/* Paper that ran out during the ticket: it did not come out whole. */
	main_poll(m);
	return main_first_problem(m->problems);
}

static bool main_was_done(struct main_ctx *m, const char *key)
{
	for (int i = 0; i < m->n_done && i < MAIN_DONE_MAX; i++) {
		if (!strcmp(m->done[i], key))
			return true;
	}
	return false;
}

static void main_jobs(struct main_ctx *m)
{
	size_t len;
	char *body = client_jobs(m->client, &len);
	json_error_t jerr;
	json_t *root, *jobs, *v;
	size_t i;

	m->fetch = false;
	if (!body)
		return;
	root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	free(body);
	jobs = json_object_get(root, "jobs");
	if (!json_is_array(jobs)) {
		log_warn("daemon: /v1/printer/jobs: not a list of jobs");
		json_decref(root);
		return;
	}
	json_array_foreach(jobs, i, v)
	{
		struct job j;
		char path[32], err[256], key[sizeof(m->done[0])];
		const char *why;

		snprintf(path, sizeof(path), "$.jobs[%zu]", i);
		if (job_parse(v, path, &j, err, sizeof(err)) < 0) {
			log_warn("daemon: %s", err);
			continue;
		}
		snprintf(key, sizeof(key), "%s@%d.%d", j.ticket, (int)j.day, j.minute_of_day);
		if (main_was_done(m, key))
			continue; /* its result did not reach the daemon: not twice on paper */
		why = main_print(m, &j);
		if (why)
			log_warn("printer: %s not printed: %s", j.ticket, why);
		else
			log_info("printer: %s printed", j.ticket);
		snprintf(m->done[m->n_done++ % MAIN_DONE_MAX], sizeof(m->done[0]), "%s", key);
		client_result(m->client, j.ticket, why == NULL, why);
		if (m->problems != m->reported_problems)
			main_report(m);
	}
	json_decref(root);
}

/* A status document came: are jobs waiting? */
static void main_on_status(void *ctx, const char *data, size_t len)
{
	struct main_ctx *m = ctx;
	json_t *doc = json_loadb(data, len, 0, NULL);
	json_t *queued = json_object_get(json_object_get(doc, "printer"), "queued");

	if (json_integer_value(queued) > 0)
		m->fetch = true;
	json_decref(doc);
}

/* http://[api] listen, with a wildcard address made the loopback one. */
static void main_daemon_url(const struct config *cfg, char *buf, size_t size)
{
	const char *colon = strrchr(cfg->listen, ':');
	int hl = (int)(colon - cfg->listen);

	if (!strncmp(cfg->listen, "0.0.0.0:", 8) || !strncmp(cfg->listen, "*:", 2))
		snprintf(buf, size, "http://127.0.0.1%s", colon);
	else if (!strncmp(cfg->listen, "[::]:", 5))
		snprintf(buf, size, "http://[::1]%s", colon);
	else
		snprintf(buf, size, "http://%.*s%s", hl, cfg->listen, colon);
}

static int main_run(struct main_ctx *m, const char *daemon)
{
	char url[700];
	struct stream *s;
	int64_t next_poll = 0, next_report = 0, next_fetch = 0;

	snprintf(url, sizeof(url), "%.600s/v1/stream", daemon);
	s = stream_new(url, main_on_status, m);
	if (!s) {
		log_err("out of memory");
		return 1;
	}
	log_info("machiai-printer %s: printer %s, %d dots, daemon %s", MACHIAI_VERSION,
		 m->cfg->printer_device[0] ? m->cfg->printer_device : m->cfg->printer_host,
		 m->cfg->printer_dots, daemon);
	while (!main_quit) {
		int64_t now = main_mono_ms();

		if (now >= next_poll) {
			main_poll(m);
			next_poll = main_mono_ms() + MAIN_POLL_MS;
		}
		if (!m->reported || m->problems != m->reported_problems || now >= next_report) {
			main_report(m);
			next_report = now + MAIN_REPORT_MS;
		}
		if (m->fetch || now >= next_fetch) {
			main_jobs(m);
			next_fetch = main_mono_ms() + MAIN_FETCH_MS;
		}
		stream_wait(s, 500);
		stream_step(s, main_mono_ms());
	}
	log_info("machiai-printer: exiting");
	stream_free(s);
	return 0;
}

/* --status: one query, said in words. */
static int main_status(struct main_ctx *m)
{
	main_poll(m);
	if (!m->problems) {
		printf("ok\n");
		return 0;
	}
	for (int i = 0; i < ESCPOS_PROBLEM_COUNT; i++) {
		if (m->problems & (1u << i))
			printf("%s\n", escpos_problem_code(i));
	}
	return m->problems & ESCPOS_FAULTS ? 1 : 0;
}

/* --render: a job file to a PNG, no printer, no daemon. */
static int main_render(struct main_ctx *m, const char *path)
{
	size_t len;
	char *buf = diag_read_file(path, CLIENT_BODY_MAX, &len);
	json_t *in;
	struct job j;
	char err[256];
	int rows, rc = 2;

	if (!buf)
		return 2;
	in = json_loadb(buf, len, JSON_REJECT_DUPLICATES, NULL);
	free(buf);
	if (job_parse(in, "$", &j, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s\n", path, err);
	} else if (paper_draw(m->paper, &j, &m->look, &rows) &&
		   paper_write_png(m->paper, m->png) == 0) {
		printf("%s: %d x %d dots\n", m->png, m->cfg->printer_dots, rows);
		rc = 0;
	}
	json_decref(in);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "daemon", required_argument, NULL, 'd' },
		{ "png", required_argument, NULL, 'p' },
		{ "status", no_argument, NULL, 's' },
		{ "configured", no_argument, NULL, 'C' },
		{ "render", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config_path = NULL, *daemon = NULL, *render = NULL, *font;
	struct locale *loc[LANG_COUNT] = { NULL };
	struct main_ctx m = { 0 };
	struct config *cfg = NULL;
	struct sigaction sa = { 0 };
	char data_dir[PATH_MAX], url[600];
	bool status = false, configured = false;
	int opt, rc = 1;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			config_path = optarg;
			break;
		case 'd':
			daemon = optarg;
			break;
		case 'p':
			m.png = optarg;
			break;
		case 's':
			status = true;
			break;
		case 'C':
			configured = true;
			break;
		case 'r':
			render = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		case 'V':
			printf("machiai-printer %s\n", MACHIAI_VERSION);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (!config_path || optind != argc || (render && !m.png)) {
		fputs(usage, stderr);
		return 2;
	}
	cfg = calloc(1, sizeof(*cfg));
	if (!cfg)
		return 1;
	if (confload_file(config_path, cfg, stderr) < 0) {
		log_err("%s: not started: the configuration has errors", config_path);
		rc = 2;
		goto out_free;
	}
	if (configured) {
		rc = config_printer_set(cfg) ? 0 : 1;
		goto out_free;
	}
	if (!config_printer_set(cfg) && !render) {
		log_err("%s: no [printer] device or host: nothing to print on", config_path);
		rc = 2;
		goto out_free;
	}
	m.cfg = cfg;
	m.look.logo = cfg->printer_logo;
	m.look.footer = cfg->printer_footer;
	if (status) {
		rc = main_status(&m);
		goto out_free;
	}
	font = text_font_find(NULL);
	if (!font || locale_data_dir(NULL, data_dir, sizeof(data_dir)) < 0 ||
	    locale_load_all(data_dir, loc, "machiai-printer") < 0) {
		log_err("no font or no locale files (%s): not started", font ? data_dir : "font");
		goto out_free;
	}
	m.paper = paper_new(cfg->printer_dots, font, loc);
	if (!m.paper)
		goto out_free;
	if (render) {
		rc = main_render(&m, render);
		goto out_free;
	}
	if (!cfg->token[0]) {
		log_err("%s: [api] token is empty: results cannot be reported", config_path);
		goto out_free;
	}
	if (!daemon) {
		main_daemon_url(cfg, url, sizeof(url));
		daemon = url;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	m.client = client_new(daemon, cfg->token);
	sa.sa_handler = main_on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (m.client)
		rc = main_run(&m, daemon);
	client_free(m.client);
	curl_global_cleanup();

out_free:
	main_disconnect(&m);
	paper_free(m.paper);
	for (int l = 0; l < LANG_COUNT; l++)
		free(loc[l]);
	free(cfg);
	return rc;
}
