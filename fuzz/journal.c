/* SPDX-License-Identifier: MIT */
/*
 * The journal's event lines (daemon/evjson.c): each line of the input is
 * decoded as the replay does; an event that decodes and whose times can be
 * written is encoded at +09:00 and must decode again to the same line; then
 * the office applies it. Then the input as a day's file (on /dev/shm) is
 * replayed and repaired by daemon/journal.c: every line is counted once.
 */
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "core/office.h"
#include "daemon/evjson.h"
#include "daemon/journal.h"
#include "fuzz/fuzz.h"

static const char fuzz_conf[] = "[office]\nid = 131016-9999\nname = テスト区役所\n"
				"timezone = +09:00\n[hours]\nmon = 08:30-17:15\n"
				"[category A]\nname = 証明書\nprefix = A-\n"
				"[category B]\nname = 住所変更\nprefix = B-\n"
				"[window 1]\nlabel = 1番窓口\ncategories = A\n"
				"[window 2]\nlabel = 2番窓口\ncategories = A, B\n";

static struct config *fuzz_config(void)
{
	static struct config cfg;
	static struct config_errors errs;
	static bool done;

	if (!done) {
		FUZZ_CHECK(config_parse(fuzz_conf, strlen(fuzz_conf), &cfg, &errs) == 0);
		done = true;
	}
	return &cfg;
}

static char fuzz_journal_path[256];

static void fuzz_journal_remove(void)
{
	unlink(fuzz_journal_path);
}

/* journal_replay() and its repair on @size bytes of @data as a day's file. */
static void fuzz_replay(const uint8_t *data, size_t size)
{
	struct journal_replay_stats st;
	struct office *o = office_new(fuzz_config());
	FILE *f, *log = fopen("/dev/null", "w");
	size_t lines = 0;

	if (!fuzz_journal_path[0]) {
		const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

		snprintf(fuzz_journal_path, sizeof(fuzz_journal_path),
			 "%s/machiai-fuzz-journal.%d.jsonl", base, (int)getpid());
		atexit(fuzz_journal_remove);
	}
	FUZZ_CHECK(o && log);
	f = fopen(fuzz_journal_path, "wb");
	FUZZ_CHECK(f && fwrite(data, 1, size, f) == size);
	fclose(f);
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	FUZZ_CHECK(journal_replay(fuzz_journal_path, o, true, log, &st) == 0);
	FUZZ_CHECK(st.lines >= 0 && (size_t)st.lines <= lines);
	FUZZ_CHECK(st.applied + st.bad + st.refused <= st.lines);
	/* After the repair the file ends on a whole line, and replays without a tear. */
	office_free(o);
	o = office_new(fuzz_config());
	FUZZ_CHECK(o && journal_replay(fuzz_journal_path, o, false, log, &st) == 0);
	FUZZ_CHECK(!st.torn);
	office_free(o);
	fclose(log);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct office *o = office_new(fuzz_config());

	FUZZ_CHECK(o);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct office_error oerr;
		struct event ev, back;
		char err[256];

		if (evjson_decode(p, len, &ev, err, sizeof(err)) == 0 &&
		    evjson_event_times_ok(&ev, 540)) {
			char *line = evjson_encode(&ev, 540), *again;

			FUZZ_CHECK(line);
			if (evjson_decode(line, strlen(line), &back, err, sizeof(err)) != 0) {
				fprintf(stderr, "written %s, read back: %s\n", line, err);
				FUZZ_CHECK(!"a written line reads back");
			}
			again = evjson_encode(&back, 540);
			FUZZ_CHECK(again && strcmp(line, again) == 0);
			free(again);
			free(line);
			office_apply(o, &ev, &oerr);
		}
		p += len + 1;
	}
	office_free(o);
	fuzz_replay(data, size);
	return 0;
}
