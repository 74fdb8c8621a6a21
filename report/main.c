/* SPDX-License-Identifier: MIT */
/*
 * machiai-report: the office statistics (docs/report.md) from a copy of the
 * state partition, on any Linux PC.
 *
 *   machiai-report --state-dir DIR --from YYYY-MM-DD --to YYYY-MM-DD
 *                  [--config FILE] [--csv TABLE | --json]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/report.h"
#include "daemon/confload.h"
#include "daemon/reportfile.h"
#include "daemon/reportjson.h"

#define REPORT_DEFAULT_CONFIG "/boot/firmware/machiai.conf"

static void usage(FILE *f)
{
	fprintf(f, "usage: machiai-report --state-dir DIR --from YYYY-MM-DD --to YYYY-MM-DD\n"
		   "                      [--config FILE] [--csv TABLE | --json]\n"
		   "TABLE: summary, categories, windows, half_hours, days, week, skipped\n"
		   "FILE: the office's machiai.conf (default " REPORT_DEFAULT_CONFIG ")\n");
}

static const char *text_num(const json_t *v, char *buf, size_t size)
{
	if (json_is_number(v))
		snprintf(buf, size, "%g", json_number_value(v));
	else
		snprintf(buf, size, "-");
	return buf;
}

/* A short plain-text overview for a person at a terminal. */
static void print_text(const json_t *doc, FILE *f)
{
	const json_t *t = json_object_get(doc, "total"), *c;
	char a[32], b[32], d[32], e[32];
	size_t i;

	fprintf(f, "%s: %s .. %s, %lld days\n",
		json_string_value(json_object_get(json_object_get(doc, "office"), "id")),
		json_string_value(json_object_get(doc, "from")),
		json_string_value(json_object_get(doc, "to")),
		(long long)json_integer_value(json_object_get(doc, "days_reported")));
	fprintf(f, "%-10s %7s %7s %7s %7s %7s %8s %8s %8s %8s\n", "category", "issued", "called",
		"served", "no-show", "cancel", "wait", "p90", "service", "in band");
	json_array_foreach(json_object_get(doc, "categories"), i, c)
	{
		fprintf(f, "%-10s %7lld %7lld %7lld %7lld %7lld %8s %8s %8s %8s\n",
			json_string_value(json_object_get(c, "id")),
			(long long)json_integer_value(json_object_get(c, "issued")),
			(long long)json_integer_value(json_object_get(c, "called")),
			(long long)json_integer_value(json_object_get(c, "served")),
			(long long)json_integer_value(json_object_get(c, "no_show")),
			(long long)json_integer_value(json_object_get(c, "cancelled")),
			text_num(json_object_get(json_object_get(c, "wait"), "mean"), a, sizeof(a)),
			text_num(json_object_get(json_object_get(c, "wait"), "p90"), b, sizeof(b)),
			text_num(json_object_get(json_object_get(c, "service"), "mean"), d,
				 sizeof(d)),
			text_num(json_object_get(json_object_get(c, "band"), "coverage"), e,
				 sizeof(e)));
	}
	fprintf(f, "%-10s %7lld %7lld %7lld %7lld %7lld %8s %8s %8s %8s\n", "total",
		(long long)json_integer_value(json_object_get(t, "issued")),
		(long long)json_integer_value(json_object_get(t, "called")),
		(long long)json_integer_value(json_object_get(t, "served")),
		(long long)json_integer_value(json_object_get(t, "no_show")),
		(long long)json_integer_value(json_object_get(t, "cancelled")),
		text_num(json_object_get(json_object_get(t, "wait"), "mean"), a, sizeof(a)),
		text_num(json_object_get(json_object_get(t, "wait"), "p90"), b, sizeof(b)),
		text_num(json_object_get(json_object_get(t, "service"), "mean"), d, sizeof(d)),
		text_num(json_object_get(json_object_get(t, "band"), "coverage"), e, sizeof(e)));
	fprintf(f,
		"waits over %lld min: %lld; peak occupancy %lld; まもなく then > %lld min: %lld of %lld\n",
		(long long)json_integer_value(json_object_get(doc, "target_wait")),
		(long long)json_integer_value(json_object_get(t, "over_target")),
		(long long)json_integer_value(json_object_get(t, "peak_occupancy")),
		(long long)json_integer_value(json_object_get(doc, "soon_late_minutes")),
		(long long)json_integer_value(
			json_object_get(json_object_get(t, "band"), "soon_late")),
		(long long)json_integer_value(json_object_get(json_object_get(t, "band"), "soon")));
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "state-dir", required_argument, NULL, 's' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "config", required_argument, NULL, 'c' },
		{ "csv", required_argument, NULL, 'v' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL, *from_s = NULL, *to_s = NULL, *conf = REPORT_DEFAULT_CONFIG;
	const char *csv = NULL;
	bool json = false;
	struct config *cfg = NULL;
	struct report *r = NULL;
	struct reportfile_result *res = NULL;
	json_t *doc = NULL;
	int32_t from, to;
	char err[256];
	int opt, rc = 1;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 's':
			dir = optarg;
			break;
		case 'f':
			from_s = optarg;
			break;
		case 't':
			to_s = optarg;
			break;
		case 'c':
			conf = optarg;
			break;
		case 'v':
			csv = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!dir || !from_s || !to_s || optind != argc || (csv && json)) {
		usage(stderr);
		return 2;
	}
	if (reportfile_parse_date(from_s, &from) < 0 || reportfile_parse_date(to_s, &to) < 0) {
		fprintf(stderr,
			"machiai-report: --from and --to take a date YYYY-MM-DD, not '%s'\n",
			reportfile_parse_date(from_s, &from) < 0 ? from_s : to_s);
		return 2;
	}
	if (csv && !reportjson_table_ok(csv)) {
		fprintf(stderr,
			"machiai-report: --csv %s: no such table (summary, categories, windows, "
			"half_hours, days, week, skipped)\n",
			csv);
		return 2;
	}
	cfg = malloc(sizeof(*cfg));
	res = malloc(sizeof(*res));
	if (!cfg || !res) {
		fprintf(stderr, "machiai-report: out of memory\n");
		goto free_all;
	}
	if (confload_file(conf, cfg, stderr) < 0) {
		fprintf(stderr,
			"machiai-report: %s: the office's machiai.conf is needed (--config)\n",
			conf);
		rc = 2;
		goto free_all;
	}
	r = report_new(cfg);
	if (!r) {
		fprintf(stderr, "machiai-report: out of memory\n");
		goto free_all;
	}
	if (reportfile_read(dir, from, to, r, res, NULL, err, sizeof(err)) < 0) {
		fprintf(stderr, "machiai-report: %s\n", err);
		rc = 2;
		goto free_all;
	}
	for (int i = 0; i < res->n_skips; i++)
		fprintf(stderr, "%s/%s:%d: skipped: %s\n", dir, res->skips[i].file,
			res->skips[i].line, res->skips[i].reason);
	if (res->skipped > res->n_skips)
		fprintf(stderr, "machiai-report: %d more lines skipped\n",
			res->skipped - res->n_skips);
	doc = reportjson_build(r, from, to, res);
	if (!doc) {
		fprintf(stderr, "machiai-report: out of memory\n");
		goto free_all;
	}
	if (json) {
		if (json_dumpf(doc, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER) < 0)
			goto free_all;
		fputc('\n', stdout);
	} else if (csv) {
		size_t len;
		char *text = reportjson_csv(doc, csv, &len);

		if (!text || fwrite(text, 1, len, stdout) != len) {
			free(text);
			goto free_all;
		}
		free(text);
	} else {
		print_text(doc, stdout);
	}
	rc = fflush(stdout) == 0 ? 0 : 1;
free_all:
	json_decref(doc);
	report_free(r);
	free(res);
	free(cfg);
	return rc;
}
