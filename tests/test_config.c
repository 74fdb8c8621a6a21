/* SPDX-License-Identifier: MIT */
/* core/config.c: machiai.conf parsing, defaults and every error with its line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/config.h"

/* Lines 1-7: the smallest valid file; broken parts are appended from line 8. */
#define MIN_OFFICE "[office]\nid = 131016-0001\nname = 区民課\n"
#define MIN_CAT "[category A]\nname = 証明書\n"
#define MIN_WIN "[window 1]\ncategories = A\n"
#define MIN MIN_OFFICE MIN_CAT MIN_WIN

static const char full_conf[] = "[office]\n"
				"id = 271004-0042\n"
				"name = 北区役所 区民課\n"
				"name.en = Kita Ward Office\n"
				"name.zh-Hans = 北区政府\n"
				"name.ko = 기타구청\n"
				"name.vi = Văn phòng quận Kita\n"
				"name.ja-easy = きた くやくしょ\n"
				"timezone = -03:30\n"
				"languages = ko, vi\n"
				"notice = お知らせ\n"
				"notice.en = Notice\n"
				"notice.zh-Hans = 通知\n"
				"notice.ko = 공지\n"
				"notice.vi = Thông báo\n"
				"notice.ja-easy = おしらせ\n"
				"[hours]\n"
				"mon = 08:30-17:15\n"
				"tue = 9:00-24:00\n"
				"wed = closed\n"
				"thu = 00:00-12:00\n"
				"fri = 08:00-19:00\n"
				"sat = 09:00-12:00\n"
				"sun = Closed\n"
				"reservation_grace = 15\n"
				"[category A]\n"
				"name = 証明書\n"
				"name.en = Certificates\n"
				"name.zh-Hans = 证明书\n"
				"name.ko = 증명서\n"
				"name.vi = Giấy chứng nhận\n"
				"name.ja-easy = しょうめいしょ\n"
				"prefix = 証\n"
				"digits = 4\n"
				"first = 100\n"
				"last = 1999\n"
				"service_minutes = 7.5\n"
				"icon = Certificate\n"
				"[category B]\n"
				"name = 住所変更\n"
				"[window 1]\n"
				"label = 1番窓口\n"
				"label.en = Window 1\n"
				"label.zh-Hans = 1号窗口\n"
				"label.ko = 1번 창구\n"
				"label.vi = Quầy số 1\n"
				"label.ja-easy = 1ばん まどぐち\n"
				"categories = B, A\n"
				"rule = priority\n"
				"open = no\n"
				"breaks = 11:30-12:30, 15:00-15:10\n"
				"[window 2]\n"
				"categories = A\n"
				"rule = longest\n"
				"speech = off\n"
				"[window 3]\n"
				"categories = B\n"
				"rule = fifo\n"
				"breaks = 12:00-13:00、13:30-13:45\n"
				"[level]\n"
				"wait_minutes = 15, 30, 45\n"
				"occupancy_percent = 25, 50, 75\n"
				"capacity = 120\n"
				"hold_minutes = 10\n"
				"report_target_wait = 20\n"
				"[api]\n"
				"listen = [::1]:9090\n"
				"token = 0123456789abcdef-token\n"
				"state_dir = /srv/machiai\n"
				"[feed]\n"
				"url = https://feed.example.city.jp/machiai/271004-0042/\n"
				"token = feedtoken\n"
				"hmac_key = 0123456789abcdef0123\n"
				"ca_file = /etc/machiai/ca.pem\n"
				"interval = 120\n"
				"min_gap = 5\n"
				"history_interval = 600\n"
				"ngsi = yes\n"
				"ngsi_url = https://broker.example.city.jp/ngsi-ld/v1/\n"
				"status_page_url = https://example.city.jp/s/#office=271004-0042\n"
				"[gpio]\n"
				"chip = gpiochip4\n"
				"bias = pull-down\n"
				"debounce_ms = 20\n"
				"door = 4\n"
				"door_active_low = yes\n"
				"door_grace = 30\n"
				"beam_outer = GPIO17\n"
				"beam_inner = GPIO27\n"
				"beam_active_low = true\n"
				"beam_min_break_ms = 30\n"
				"beam_min_gap_ms = 80\n"
				"beam_second_ms = 600\n"
				"beam_blocked_ms = 3000\n"
				"counter_in = 22\n"
				"counter_out = 23\n"
				"ticket.A = 5\n"
				"ticket.B = 6\n"
				"call.1 = 13\n"
				"recall.1 = 19\n"
				"call.2 = BUTTON_CALL_2\n"
				"[display]\n"
				"layout = /etc/machiai/portrait.json\n"
				"rotate = 270\n"
				"sound = no\n"
				"rotate_seconds = 10\n"
				"off_hours = black\n"
				"speech = no\n"
				"announce = ja ko,  en\n"
				"volume = 40\n"
				"quiet_hours = 08:30-09:00, 12:00-13:00\n"
				"announce_repeat = 2\n"
				"announce_text.en = Number {ticket}, to {window}, please.\n"
				"[printer]\n"
				"host = [fd00::50]\n"
				"paper = 58mm\n"
				"cut = full\n"
				"logo_line = 北区役所\n"
				"footer = 番号札はお呼びするまでお持ちください\n"
				"footer.en = Keep this ticket until your number is called\n"
				"away_minutes = 45\n"
				"timeout = 8\n"
				"[kiosk]\n"
				"token = kiosk-token-0123456789\n"
				"categories = B, A\n"
				"languages = ja, en, ja-easy\n"
				"help = no\n";

static struct config cfg;
static struct config_errors errs;

static int parse_text(const char *text, size_t len)
{
	memset(&errs, 0, sizeof(errs));
	return config_parse(text, len, &cfg, &errs);
}

/* Errors as "LINE: message\n" lines, as the tables below write them. */
static const char *errors_text(void)
{
	static char out[CONFIG_MAX_ERRORS * 220];
	size_t n = 0;

	out[0] = '\0';
	for (int i = 0; i < errs.n; i++)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%d: %s\n", errs.e[i].line,
				      errs.e[i].message);
	if (errs.dropped)
		snprintf(out + n, sizeof(out) - n, "dropped %d\n", errs.dropped);
	return out;
}

static void assert_valid(const char *text)
{
	int rc = parse_text(text, strlen(text));

	if (rc != 0)
		print_error("unexpected errors:\n%s", errors_text());
	assert_int_equal(rc, 0);
	assert_int_equal(errs.n, 0);
}

static void test_every_key(void **state)
{
	(void)state;
	assert_valid(full_conf);

	assert_string_equal(cfg.office_id, "271004-0042");
	assert_string_equal(cfg.office_name[LANG_JA], "北区役所 区民課");
	assert_string_equal(cfg.office_name[LANG_EN], "Kita Ward Office");
	assert_string_equal(cfg.office_name[LANG_ZH_HANS], "北区政府");
	assert_string_equal(cfg.office_name[LANG_KO], "기타구청");
	assert_string_equal(cfg.office_name[LANG_VI], "Văn phòng quận Kita");
	assert_string_equal(cfg.office_name[LANG_JA_EASY], "きた くやくしょ");
	assert_int_equal(cfg.utc_offset_minutes, -210);
	assert_int_equal(cfg.n_languages, 3);
	assert_int_equal(cfg.languages[0], LANG_JA);
	assert_int_equal(cfg.languages[1], LANG_KO);
	assert_int_equal(cfg.languages[2], LANG_VI);
	assert_string_equal(cfg.notice[LANG_JA], "お知らせ");
	assert_string_equal(cfg.notice[LANG_EN], "Notice");
	assert_string_equal(cfg.notice[LANG_ZH_HANS], "通知");
	assert_string_equal(cfg.notice[LANG_KO], "공지");
	assert_string_equal(cfg.notice[LANG_VI], "Thông báo");
	assert_string_equal(cfg.notice[LANG_JA_EASY], "おしらせ");

	assert_int_equal(cfg.hours[1].spans[0].start, 8 * 60 + 30);
	assert_int_equal(cfg.hours[1].spans[0].end, 17 * 60 + 15);
	assert_int_equal(cfg.hours[2].spans[0].start, 9 * 60);
	assert_int_equal(cfg.hours[2].spans[0].end, 24 * 60);
	assert_int_equal(cfg.hours[3].n, 0);
	assert_int_equal(cfg.hours[4].spans[0].start, 0);
	assert_int_equal(cfg.hours[4].spans[0].end, 12 * 60);
	assert_int_equal(cfg.hours[5].spans[0].end, 19 * 60);
	assert_int_equal(cfg.hours[6].spans[0].start, 9 * 60);
	assert_int_equal(cfg.hours[0].n, 0);
	assert_int_equal(cfg.reservation_grace_minutes, 15);

	assert_int_equal(cfg.n_categories, 2);
	assert_string_equal(cfg.categories[0].id, "A");
	assert_string_equal(cfg.categories[0].name[LANG_JA], "証明書");
	assert_string_equal(cfg.categories[0].name[LANG_EN], "Certificates");
	assert_string_equal(cfg.categories[0].name[LANG_ZH_HANS], "证明书");
	assert_string_equal(cfg.categories[0].name[LANG_KO], "증명서");
	assert_string_equal(cfg.categories[0].name[LANG_VI], "Giấy chứng nhận");
	assert_string_equal(cfg.categories[0].name[LANG_JA_EASY], "しょうめいしょ");
	assert_string_equal(cfg.categories[0].prefix, "証");
	assert_int_equal(cfg.categories[0].digits, 4);
	assert_int_equal(cfg.categories[0].first, 100);
	assert_int_equal(cfg.categories[0].last, 1999);
	assert_true(cfg.categories[0].service_minutes == 7.5);
	assert_string_equal(cfg.categories[1].prefix, "B-");
	assert_int_equal(cfg.categories[1].last, 999);

	assert_int_equal(cfg.n_windows, 3);
	assert_string_equal(cfg.windows[0].label[LANG_JA], "1番窓口");
	assert_string_equal(cfg.windows[0].label[LANG_EN], "Window 1");
	assert_string_equal(cfg.windows[0].label[LANG_ZH_HANS], "1号窗口");
	assert_string_equal(cfg.windows[0].label[LANG_KO], "1번 창구");
	assert_string_equal(cfg.windows[0].label[LANG_VI], "Quầy số 1");
	assert_string_equal(cfg.windows[0].label[LANG_JA_EASY], "1ばん まどぐち");
	assert_int_equal(cfg.windows[0].n_categories, 2);
	assert_int_equal(cfg.windows[0].categories[0], 1);
	assert_int_equal(cfg.windows[0].categories[1], 0);
	assert_int_equal(cfg.windows[0].rule, CONFIG_RULE_PRIORITY);
	assert_false(cfg.windows[0].open);
	assert_int_equal(cfg.windows[0].n_breaks, 2);
	assert_int_equal(cfg.windows[0].breaks[0].start, 11 * 60 + 30);
	assert_int_equal(cfg.windows[0].breaks[0].end, 12 * 60 + 30);
	assert_int_equal(cfg.windows[0].breaks[1].start, 15 * 60);
	assert_int_equal(cfg.windows[0].breaks[1].end, 15 * 60 + 10);
	assert_string_equal(cfg.windows[1].label[LANG_JA], "2");
	assert_int_equal(cfg.windows[1].rule, CONFIG_RULE_LONGEST);
	assert_true(cfg.windows[1].open);
	assert_int_equal(cfg.windows[2].rule, CONFIG_RULE_FIFO);
	assert_int_equal(cfg.windows[2].n_breaks, 2);
	assert_int_equal(cfg.windows[2].breaks[1].start, 13 * 60 + 30);

	assert_int_equal(cfg.wait_minutes[0], 15);
	assert_int_equal(cfg.wait_minutes[2], 45);
	assert_int_equal(cfg.occupancy_percent[0], 25);
	assert_int_equal(cfg.occupancy_percent[2], 75);
	assert_int_equal(cfg.capacity, 120);
	assert_int_equal(cfg.hold_minutes, 10);
	assert_int_equal(cfg.report_target_wait, 20);

	assert_string_equal(cfg.listen, "[::1]:9090");
	assert_string_equal(cfg.token, "0123456789abcdef-token");
	assert_string_equal(cfg.state_dir, "/srv/machiai");

	assert_string_equal(cfg.feed_url, "https://feed.example.city.jp/machiai/271004-0042/");
	assert_string_equal(cfg.feed_token, "feedtoken");
	assert_string_equal(cfg.feed_hmac_key, "0123456789abcdef0123");
	assert_string_equal(cfg.feed_ca_file, "/etc/machiai/ca.pem");
	assert_int_equal(cfg.feed_interval_s, 120);
	assert_int_equal(cfg.feed_min_gap_s, 5);
	assert_int_equal(cfg.history_interval_s, 600);
	assert_true(cfg.feed_ngsi);
	assert_string_equal(cfg.ngsi_url, "https://broker.example.city.jp/ngsi-ld/v1/");
	assert_string_equal(cfg.status_page_url, "https://example.city.jp/s/#office=271004-0042");

	assert_string_equal(cfg.gpio_chip, "gpiochip4");
	assert_int_equal(cfg.gpio_bias, 2);
	assert_int_equal(cfg.debounce_ms, 20);
	assert_true(cfg.door.set);
	assert_int_equal(cfg.door.offset, 4);
	assert_true(cfg.door_active_low);
	assert_int_equal(cfg.door_grace_s, 30);
	assert_true(cfg.beam_outer.set);
	assert_int_equal(cfg.beam_outer.offset, -1);
	assert_string_equal(cfg.beam_outer.name, "GPIO17");
	assert_string_equal(cfg.beam_inner.name, "GPIO27");
	assert_true(cfg.beam_active_low);
	assert_int_equal(cfg.beam_min_break_ms, 30);
	assert_int_equal(cfg.beam_min_gap_ms, 80);
	assert_int_equal(cfg.beam_second_ms, 600);
	assert_int_equal(cfg.beam_blocked_ms, 3000);
	assert_int_equal(cfg.counter_in.offset, 22);
	assert_int_equal(cfg.counter_out.offset, 23);
	assert_int_equal(cfg.n_buttons, 5);
	assert_int_equal(cfg.buttons[0].kind, CONFIG_BUTTON_TICKET);
	assert_int_equal(cfg.buttons[0].target, 0);
	assert_int_equal(cfg.buttons[0].line.offset, 5);
	assert_int_equal(cfg.buttons[1].target, 1);
	assert_int_equal(cfg.buttons[2].kind, CONFIG_BUTTON_CALL);
	assert_int_equal(cfg.buttons[2].target, 0);
	assert_int_equal(cfg.buttons[3].kind, CONFIG_BUTTON_RECALL);
	assert_int_equal(cfg.buttons[3].line.offset, 19);
	assert_int_equal(cfg.buttons[4].target, 1);
	assert_string_equal(cfg.buttons[4].line.name, "BUTTON_CALL_2");

	assert_string_equal(cfg.layout, "/etc/machiai/portrait.json");
	assert_int_equal(cfg.rotate, 270);
	assert_false(cfg.sound);
	assert_int_equal(cfg.rotate_seconds, 10);
	assert_true(cfg.off_hours_black);
	assert_false(cfg.speech);
	assert_int_equal(cfg.n_announce, 3);
	assert_int_equal(cfg.announce[0], LANG_JA);
	assert_int_equal(cfg.announce[1], LANG_KO);
	assert_int_equal(cfg.announce[2], LANG_EN);
	assert_int_equal(cfg.volume, 40);
	assert_int_equal(cfg.n_quiet_hours, 2);
	assert_int_equal(cfg.quiet_hours[1].start, 12 * 60);
	assert_int_equal(cfg.quiet_hours[1].end, 13 * 60);
	assert_int_equal(cfg.announce_repeat, 2);
	assert_string_equal(cfg.announce_text[LANG_EN], "Number {ticket}, to {window}, please.");
	assert_string_equal(cfg.announce_text[LANG_JA], "");
	assert_true(cfg.windows[0].speech);
	assert_false(cfg.windows[1].speech);

	assert_string_equal(cfg.categories[0].icon, "certificate");
	assert_string_equal(cfg.categories[1].icon, "");
	assert_true(config_printer_set(&cfg));
	assert_string_equal(cfg.printer_device, "");
	assert_string_equal(cfg.printer_host, "[fd00::50]:9100");
	assert_int_equal(cfg.printer_dots, 384);
	assert_int_equal(cfg.printer_cut, CONFIG_CUT_FULL);
	assert_string_equal(cfg.printer_logo, "北区役所");
	assert_string_equal(cfg.printer_footer[LANG_JA], "番号札はお呼びするまでお持ちください");
	assert_string_equal(cfg.printer_footer[LANG_EN],
			    "Keep this ticket until your number is called");
	assert_int_equal(cfg.printer_away_minutes, 45);
	assert_int_equal(cfg.printer_timeout_s, 8);
	assert_string_equal(cfg.kiosk_token, "kiosk-token-0123456789");
	assert_int_equal(cfg.n_kiosk_categories, 2);
	assert_int_equal(cfg.kiosk_categories[0], 1);
	assert_int_equal(cfg.kiosk_categories[1], 0);
	assert_int_equal(cfg.n_kiosk_languages, 2);
	assert_int_equal(cfg.kiosk_languages[0], LANG_EN);
	assert_int_equal(cfg.kiosk_languages[1], LANG_JA_EASY);
	assert_false(cfg.kiosk_help);

	assert_int_equal(config_category_index(&cfg, "B"), 1);
	assert_int_equal(config_category_index(&cfg, "b"), -1);
	assert_int_equal(config_window_index(&cfg, "3"), 2);
	assert_int_equal(config_window_index(&cfg, "4"), -1);
}

static void test_defaults(void **state)
{
	struct config d;

	(void)state;
	config_defaults(&d);
	assert_valid(MIN);
	assert_int_equal(cfg.utc_offset_minutes, 540);
	assert_int_equal(cfg.n_languages, LANG_COUNT);
	for (int i = 0; i < LANG_COUNT; i++)
		assert_int_equal(cfg.languages[i], i);
	assert_string_equal(cfg.notice[LANG_JA], "");
	for (int day = 1; day <= 5; day++) {
		assert_int_equal(cfg.hours[day].spans[0].start, 8 * 60 + 30);
		assert_int_equal(cfg.hours[day].spans[0].end, 17 * 60 + 15);
	}
	assert_int_equal(cfg.hours[0].n, 0);
	assert_int_equal(cfg.hours[6].n, 0);
	assert_int_equal(cfg.reservation_grace_minutes, 10);
	assert_string_equal(cfg.categories[0].prefix, "A-");
	assert_int_equal(cfg.categories[0].digits, 3);
	assert_int_equal(cfg.categories[0].first, 1);
	assert_int_equal(cfg.categories[0].last, 999);
	assert_true(cfg.categories[0].service_minutes == 10);
	assert_string_equal(cfg.categories[0].name[LANG_EN], "");
	assert_string_equal(cfg.windows[0].label[LANG_JA], "1");
	assert_int_equal(cfg.windows[0].rule, CONFIG_RULE_FIFO);
	assert_true(cfg.windows[0].open);
	assert_int_equal(cfg.windows[0].n_breaks, 0);
	assert_int_equal(cfg.wait_minutes[0], 20);
	assert_int_equal(cfg.wait_minutes[1], 40);
	assert_int_equal(cfg.wait_minutes[2], 60);
	assert_int_equal(cfg.occupancy_percent[0], 30);
	assert_int_equal(cfg.occupancy_percent[1], 60);
	assert_int_equal(cfg.occupancy_percent[2], 80);
	assert_int_equal(cfg.capacity, 0);
	assert_int_equal(cfg.hold_minutes, 5);
	assert_int_equal(cfg.report_target_wait, 30);
	assert_string_equal(cfg.listen, "127.0.0.1:8080");
	assert_string_equal(cfg.token, "");
	assert_string_equal(cfg.state_dir, "/var/lib/machiai");
	assert_string_equal(cfg.feed_url, "");
	assert_int_equal(cfg.feed_interval_s, 60);
	assert_int_equal(cfg.feed_min_gap_s, 3);
	assert_int_equal(cfg.history_interval_s, 300);
	assert_false(cfg.feed_ngsi);
	assert_string_equal(cfg.gpio_chip, "gpiochip0");
	assert_int_equal(cfg.gpio_bias, 0);
	assert_int_equal(cfg.debounce_ms, 10);
	assert_false(cfg.door.set);
	assert_false(cfg.beam_outer.set);
	assert_false(cfg.counter_in.set);
	assert_int_equal(cfg.door_grace_s, 10);
	assert_int_equal(cfg.beam_min_break_ms, 25);
	assert_int_equal(cfg.beam_min_gap_ms, 75);
	assert_int_equal(cfg.beam_second_ms, 500);
	assert_int_equal(cfg.beam_blocked_ms, 2500);
	assert_int_equal(cfg.n_buttons, 0);
	assert_string_equal(cfg.layout, "landscape");
	assert_int_equal(cfg.rotate, 0);
	assert_true(cfg.sound);
	assert_int_equal(cfg.rotate_seconds, 6);
	assert_false(cfg.off_hours_black);
	assert_false(config_printer_set(&cfg));
	assert_int_equal(cfg.printer_dots, 576);
	assert_int_equal(cfg.printer_cut, CONFIG_CUT_PARTIAL);
	assert_int_equal(cfg.printer_away_minutes, 30);
	assert_int_equal(cfg.printer_timeout_s, 5);
	assert_string_equal(cfg.kiosk_token, "");
	assert_int_equal(cfg.n_kiosk_categories, 1);
	assert_int_equal(cfg.n_kiosk_languages, 5);
	assert_int_equal(cfg.kiosk_languages[0], LANG_JA_EASY);
	assert_true(cfg.kiosk_help);
	assert_true(cfg.speech);
	assert_int_equal(cfg.n_announce, 2);
	assert_int_equal(cfg.announce[1], LANG_EN);
	assert_int_equal(cfg.volume, 100);
	assert_int_equal(cfg.n_quiet_hours, 0);
	assert_int_equal(cfg.announce_repeat, 1);
	assert_true(cfg.windows[0].speech);

	/* config_defaults() gives the same as a parse that sets nothing optional */
	assert_int_equal(d.feed_interval_s, cfg.feed_interval_s);
	assert_int_equal(d.n_categories, 0);
	assert_int_equal(d.n_windows, 0);
	assert_string_equal(d.layout, "landscape");
}

/* A UTF-8 BOM, CRLF line ends or a lone CR give exactly what plain LF gives. */
static void test_bom_crlf(void **state)
{
	static struct config lf;
	size_t n = strlen(full_conf), k = 0;
	char *crlf = malloc(2 * n + 4);
	char *cr = malloc(n + 1);

	(void)state;
	assert_non_null(crlf);
	assert_non_null(cr);
	assert_valid(full_conf);
	lf = cfg;

	memcpy(crlf, "\xEF\xBB\xBF", 3);
	k = 3;
	for (size_t i = 0; i < n; i++) {
		if (full_conf[i] == '\n')
			crlf[k++] = '\r';
		crlf[k++] = full_conf[i];
	}
	assert_int_equal(parse_text(crlf, k), 0);
	assert_memory_equal(&cfg, &lf, sizeof(cfg));

	for (size_t i = 0; i < n; i++)
		cr[i] = full_conf[i] == '\n' ? '\r' : full_conf[i];
	assert_int_equal(parse_text(cr, n), 0);
	assert_memory_equal(&cfg, &lf, sizeof(cfg));

	/* line numbers count CRLF lines once */
	k = 0;
	{
		const char *src = "\xEF\xBB\xBF" MIN "[display]\nrotate = 1\n";

		for (size_t i = 0; src[i]; i++) {
			if (src[i] == '\n')
				crlf[k++] = '\r';
			crlf[k++] = src[i];
		}
	}
	assert_int_equal(parse_text(crlf, k), -1);
	assert_string_equal(errors_text(), "9: rotate: '1' is not 0, 90, 180 or 270\n");
	free(cr);
	free(crlf);
}

/* The buffer need not be NUL-terminated: only @len bytes are read (ASan checks). */
static void test_not_terminated(void **state)
{
	static const char text[] = MIN "[display]\nrotate = 90";
	size_t n = sizeof(text) - 1;
	char *buf = malloc(n);

	(void)state;
	assert_non_null(buf);
	memcpy(buf, text, n);
	assert_int_equal(parse_text(buf, n), 0);
	assert_int_equal(cfg.rotate, 90);
	free(buf);
}

struct lang_case {
	const char *value;
	int n;
	enum lang want[LANG_COUNT];
};

static void test_languages(void **state)
{
	static const struct lang_case cases[] = {
		{ "", 1, { LANG_JA } },
		{ "ja", 1, { LANG_JA } },
		{ "en", 2, { LANG_JA, LANG_EN } },
		{ "ja, vi, en", 3, { LANG_JA, LANG_VI, LANG_EN } },
		{ "ZH-HANS,ko,ja-easy", 4, { LANG_JA, LANG_ZH_HANS, LANG_KO, LANG_JA_EASY } },
		{ "en、ko", 3, { LANG_JA, LANG_EN, LANG_KO } },
		{ "ja, en, zh-Hans, ko, vi, ja-easy",
		  6,
		  { LANG_JA, LANG_EN, LANG_ZH_HANS, LANG_KO, LANG_VI, LANG_JA_EASY } },
	};
	char text[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text),
			 "[office]\nid = x\nname = y\nlanguages = %s\n" MIN_CAT MIN_WIN,
			 cases[i].value);
		assert_valid(text);
		assert_int_equal(cfg.n_languages, cases[i].n);
		for (int k = 0; k < cases[i].n; k++)
			assert_int_equal(cfg.languages[k], cases[i].want[k]);
	}
}

/* The syntax of Debian's inih build, as docs/config.md describes it. */
static void test_syntax(void **state)
{
	(void)state;
	/* indentation is ignored: no continuation lines */
	assert_valid("  [office]\n\tid = 1\n    name = 区民課\n" MIN_CAT MIN_WIN);
	assert_string_equal(cfg.office_id, "1");
	assert_string_equal(cfg.office_name[LANG_JA], "区民課");

	/* ';' after a space starts a comment, ';' inside a value does not, '#' only at the start */
	assert_valid(MIN "[api]\ntoken = abc;defghijklmnopq ; the token\n# comment\n; comment\n"
			 "[display] ; comment\nlayout = a#b\n");
	assert_string_equal(cfg.token, "abc;defghijklmnopq");
	assert_string_equal(cfg.layout, "a#b");

	/* "key: value", case-insensitive sections, keys and language codes */
	assert_valid(MIN "[DISPLAY]\nRotate: 180\n[ Window   2 ]\ncategories = A\n");
	assert_int_equal(cfg.rotate, 180);
	assert_string_equal(cfg.windows[1].id, "2");
	assert_int_equal(parse_text(MIN "[DISPLAY]\nRotate: 180\n[Office ]\n",
				    strlen(MIN "[DISPLAY]\nRotate: 180\n[Office ]\n")),
			 -1);
	assert_string_equal(errors_text(), "10: duplicate section [office] (first at line 1)\n");
	assert_valid("[office]\nID = 1\nName.EN = x\nNAME = y\n" MIN_CAT MIN_WIN);
	assert_string_equal(cfg.office_name[LANG_EN], "x");

	/* name.ja is name */
	assert_int_equal(parse_text(MIN "[category B]\nname.ja = x\nname = y\n[window 2]\n"
					"categories = B\n",
				    strlen(MIN "[category B]\nname.ja = x\nname = y\n[window 2]\n"
					       "categories = B\n")),
			 -1);
	assert_string_equal(errors_text(), "10: duplicate key 'name' (first at line 9)\n");

	/* values need no quotes; spaces inside are kept */
	assert_valid("[office]\nid = 1\nname =   みなと区役所  区民課   \n" MIN_CAT MIN_WIN);
	assert_string_equal(cfg.office_name[LANG_JA], "みなと区役所  区民課");
}

static void test_long_lines(void **state)
{
	char text[2048];
	char value[400];

	(void)state;
	/* "notice.en = " is 12 bytes: 185 more make 197, the longest line */
	memset(value, 'x', 185);
	value[185] = '\0';
	snprintf(text, sizeof(text), "[office]\nnotice.en = %s\nid = 1\nname = x\n" MIN_CAT MIN_WIN,
		 value);
	assert_valid(text);
	assert_int_equal(strlen(cfg.notice[LANG_EN]), 185);

	memset(value, 'x', 186);
	value[186] = '\0';
	snprintf(text, sizeof(text), "[office]\nnotice.en = %s\nid = 1\nname = x\n" MIN_CAT MIN_WIN,
		 value);
	assert_int_equal(parse_text(text, strlen(text)), -1);
	assert_string_equal(errors_text(), "2: line is too long (198 bytes, at most 197)\n");

	/* comments may be longer, and indentation does not count */
	snprintf(text, sizeof(text),
		 "# %s%s\n[office]\n        id = %s\nname = x\n" MIN_CAT MIN_WIN, value, value,
		 value + 181);
	assert_valid(text);
}

struct broken {
	const char *name;
	const char *text;
	const char *expected; /* "LINE: message\n" per error, in line order */
};

static const struct broken broken_cases[] = {
	{ "unknown_section", MIN "[bogus]\nx = 1\n[Windows]\n",
	  "8: unknown section [bogus]\n10: unknown section [Windows]\n" },
	{ "unknown_keys", MIN "[display]\ncolour = red\n[office]\n",
	  "9: unknown key 'colour' in [display]\n"
	  "10: duplicate section [office] (first at line 1)\n" },
	{ "unknown_key_in_category",
	  MIN "[category B]\nname = x\nnmae.en = y\nsound = yes\n"
	      "[window 2]\ncategories = B\nlabel.fr = z\n",
	  "10: unknown key 'nmae.en' in [category B]\n11: unknown key 'sound' in [category B]\n"
	  "14: label.fr: unknown language 'fr' (ja, en, zh-Hans, ko, vi, ja-easy)\n" },
	{ "no_office", MIN_CAT MIN_WIN, "0: missing section [office]\n" },
	{ "office_without_id_and_name", "[office]\ntimezone = +09:00\n" MIN_CAT MIN_WIN,
	  "1: missing key 'id' in [office]\n1: missing key 'name' in [office]\n" },
	{ "no_category_no_window", MIN_OFFICE,
	  "0: missing section [category ...]: at least one is needed\n"
	  "0: missing section [window ...]: at least one is needed\n" },
	{ "empty_file", "",
	  "0: missing section [office]\n"
	  "0: missing section [category ...]: at least one is needed\n"
	  "0: missing section [window ...]: at least one is needed\n" },
	{ "duplicate_keys", MIN "[display]\nrotate = 90\nrotate = 180\nROTATE = 0\n",
	  "10: duplicate key 'rotate' (first at line 9)\n"
	  "11: duplicate key 'ROTATE' (first at line 9)\n" },
	{ "duplicate_ids", MIN "[category A]\nname = x\n[window 1]\ncategories = A\n",
	  "8: duplicate [category A] (first at line 4)\n"
	  "10: duplicate [window 1] (first at line 6)\n" },
	{ "window_unknown_category", MIN "[window 2]\ncategories = A, Z, a\n",
	  "9: categories: unknown category 'Z'\n9: categories: unknown category 'a'\n" },
	{ "window_without_categories", MIN "[window 2]\nlabel = 2番\n[window 3]\ncategories =\n",
	  "8: missing key 'categories' in [window 2]\n11: categories: no category given\n" },
	{ "window_category_twice", MIN "[window 2]\ncategories = A, A\n",
	  "9: categories: 'A' is listed twice\n" },
	{ "category_unserved", MIN "[category B]\nname = 住所変更\n",
	  "8: no window serves category B\n" },
	{ "category_without_name", MIN "[category B]\nprefix = B\n[window 2]\ncategories = B\n",
	  "8: missing key 'name' in [category B]\n" },
	{ "same_prefix_overlap",
	  MIN "[category B]\nname = 住所\nprefix = A-\nfirst = 500\n[window 2]\ncategories = B\n",
	  "8: categories A and B can give the same ticket 'A-500'\n" },
	{ "numeric_labels_overlap",
	  MIN "[category B]\nname = x\nprefix =\ndigits = 3\nfirst = 100\nlast = 199\n"
	      "[category C]\nname = y\nprefix = 1\ndigits = 2\n[window 2]\ncategories = B, C\n",
	  "14: categories B and C can give the same ticket '101'\n" },
	{ "number_range",
	  MIN "[category B]\nname = x\ndigits = 2\nlast = 100\n[category C]\n"
	      "name = y\nfirst = 50\nlast = 10\n[window 2]\ncategories = B, C\n",
	  "11: last: 100 does not fit in 2 digits\n"
	  "15: [category C]: first 50 is after last 10\n" },
	{ "hours_open_after_close",
	  MIN "[hours]\nmon = 17:15-08:30\ntue = 09:00-09:00\nwed = 8:30〜17:15\n"
	      "thu = 24:00-24:00\nfri = 08:30-17:75\nsat = open\nholiday = closed\n",
	  "9: mon: opening time 17:15 is not before closing time 08:30\n"
	  "10: tue: opening time 09:00 is not before closing time 09:00\n"
	  "11: wed: '8:30〜17:15' has full-width characters; write it half-width: 8:30-17:15\n"
	  "12: thu: bad hours '24:00-24:00' (write HH:MM-HH:MM or closed)\n"
	  "13: fri: bad hours '08:30-17:75' (write HH:MM-HH:MM or closed)\n"
	  "14: sat: bad hours 'open' (write HH:MM-HH:MM or closed)\n"
	  "15: unknown key 'holiday' in [hours]\n" },
	{ "breaks",
	  MIN "[window 2]\ncategories = A\nbreaks = 12:00-11:00\n[window 3]\ncategories = A\n"
	      "breaks = 11:00-12:00, 11:30-13:00\n[window 4]\ncategories = A\nbreaks = noon\n"
	      "[window 5]\ncategories = A\nbreaks = 9:00-9:10, 10:00-10:10, 11:00-11:10, "
	      "12:00-12:10, 13:00-13:10\n",
	  "10: breaks: 12:00-11:00 does not end after it starts\n"
	  "13: breaks: 11:30-13:00 overlaps 11:00-12:00\n"
	  "16: breaks: bad time span 'noon' (write HH:MM-HH:MM)\n"
	  "19: breaks: more than 4 breaks\n" },
	{ "numbers",
	  MIN "[category B]\nname = x\ndigits = 0\nfirst = -1\nservice_minutes = abc\n"
	      "[window 2]\ncategories = B\n[level]\ncapacity = 1e3\nhold_minutes =\n",
	  "10: digits: 0 is out of range (1 to 6)\n"
	  "11: first: -1 is out of range (0 to 999999)\n"
	  "12: service_minutes: 'abc' is not a number of minutes, like 12 or 7.5\n"
	  "16: capacity: '1e3' is not a whole number\n"
	  "17: hold_minutes: no value (a whole number from 0 to 60)\n" },
	{ "bools_and_choices",
	  MIN "[display]\nsound = maybe\nrotate = 45\noff_hours = dark\n[window 2]\n"
	      "categories = A\nopen = 2\nrule = random\n[gpio]\nbias = pullup\n",
	  "9: sound: 'maybe' is not yes or no\n10: rotate: '45' is not 0, 90, 180 or 270\n"
	  "11: off_hours: 'dark' is not message or black\n14: open: '2' is not yes or no\n"
	  "15: rule: 'random' is not fifo, longest or priority\n"
	  "17: bias: 'pullup' is not as-is, pull-up, pull-down or disabled\n" },
	{ "languages",
	  "[office]\nid = 1\nname = x\nlanguages = en, ja\nname.fr = y\nnotice.ZH = z\n" MIN_CAT
		  MIN_WIN "[office]\n",
	  "4: languages: ja always comes first (list it first or leave it out)\n"
	  "5: name.fr: unknown language 'fr' (ja, en, zh-Hans, ko, vi, ja-easy)\n"
	  "6: notice.ZH: unknown language 'ZH' (ja, en, zh-Hans, ko, vi, ja-easy)\n"
	  "11: duplicate section [office] (first at line 1)\n" },
	{ "languages_twice", "[office]\nid = 1\nname = x\nlanguages = en, ko, en\n" MIN_CAT MIN_WIN,
	  "4: languages: 'en' is listed twice\n" },
	{ "languages_unknown", "[office]\nid = 1\nname = x\nlanguages = en, fr\n" MIN_CAT MIN_WIN,
	  "4: languages: unknown language 'fr' (ja, en, zh-Hans, ko, vi, ja-easy)\n" },
	{ "office_values",
	  "[office]\nid = 13 01\nname =\ntimezone = Asia/Tokyo\n" MIN_CAT MIN_WIN "[office]\n",
	  "2: id: '13 01' may only use letters, digits, '-', '_' and '.'\n"
	  "3: name: must not be empty\n"
	  "4: timezone: 'Asia/Tokyo' is not an offset like +09:00\n"
	  "9: duplicate section [office] (first at line 1)\n" },
	{ "timezone_range", "[office]\nid = 1\nname = x\ntimezone = +15:00\n" MIN_CAT MIN_WIN,
	  "4: timezone: +15:00 is out of range (-12:00 to +14:00)\n" },
	{ "urls_and_paths",
	  MIN "[feed]\nurl = ftp://example.jp/feed\nngsi_url = https://\nstatus_page_url = "
	      "example.jp\nca_file = certs/ca.pem\n[api]\nstate_dir = var/lib\n",
	  "9: url: 'ftp://example.jp/feed' must start with https:// or http://\n"
	  "10: ngsi_url: 'https://' has no host name\n"
	  "11: status_page_url: 'example.jp' must start with https:// or http://\n"
	  "12: ca_file: 'certs/ca.pem' is not an absolute path (it must start with /)\n"
	  "14: state_dir: 'var/lib' is not an absolute path (it must start with /)\n" },
	{ "api_values", MIN "[api]\nlisten = localhost\ntoken = short\n[api]\n",
	  "9: listen: 'localhost' is not HOST:PORT, like 127.0.0.1:8080\n"
	  "10: token: too short (5 characters, at least 16)\n"
	  "11: duplicate section [api] (first at line 8)\n" },
	{ "api_token_space",
	  MIN "[api]\nlisten = 127.0.0.1:70000\ntoken = 合言葉は長いほうがよい\n",
	  "9: listen: '127.0.0.1:70000' is not HOST:PORT, like 127.0.0.1:8080\n"
	  "10: token: use ASCII letters, digits and symbols only (no spaces)\n" },
	{ "feed_consistency",
	  MIN "[feed]\nurl = https://feed.example.jp/\nngsi = yes\n"
	      "interval = 30\nmin_gap = 60\n",
	  "10: ngsi: yes needs ngsi_url\n12: min_gap: 60 is more than interval 30\n" },
	{ "levels", MIN "[level]\nwait_minutes = 20, 60, 40\noccupancy_percent = 30, 60\n",
	  "9: wait_minutes: '20, 60, 40' is not 3 increasing numbers from 1 to 600, like 20, 40, "
	  "60\n"
	  "10: occupancy_percent: '30, 60' is not 3 increasing numbers from 1 to 100, like 30, 60, "
	  "80\n" },
	{ "gpio_lines",
	  MIN "[gpio]\ndoor = 17\nbeam_outer = 17\ncounter_in = GPIO 5\nticket.Z = 5\ncall.9 = "
	      "GPIO6\nrecall.1 = 6\nticket = 7\ncounter_out = 5\n",
	  "10: beam_outer: GPIO line 17 is already used by door (line 9)\n"
	  "10: beam_outer: needs beam_inner as well\n"
	  "11: counter_in: 'GPIO 5' is not a line offset (0 to 1023) or a line name\n"
	  "12: ticket.Z: unknown category 'Z'\n13: call.9: unknown window '9'\n"
	  "15: ticket: say which one, as in ticket.A\n"
	  "16: counter_out: GPIO line 5 is already used by ticket.Z (line 12)\n" },
	{ "gpio_timings", MIN "[gpio]\nbeam_min_break_ms = 300\nbeam_blocked_ms = 200\n",
	  "10: beam_blocked_ms: 200 must be more than beam_min_break_ms 300\n" },
	{ "syntax",
	  "key = 1\n" MIN "[api\nhello\nlisten ＝ 127.0.0.1:8080\n= 5\n[display] rotate = 90\n"
	  "[window]\ncategories = A\n[office x]\n",
	  "1: 'key' comes before any [section]\n9: section header has no closing ']'\n"
	  "10: expected 'key = value', a [section] or a comment\n"
	  "11: use a half-width '=' instead of '＝'\n12: missing key name before '='\n"
	  "13: unexpected text after ']'\n14: [window] needs an id, as in [window 1]\n"
	  "16: [office] takes no id ('x')\n" },
	{ "bad_ids", MIN "[category A B]\nname = x\n[window 窓口1]\ncategories = A\n",
	  "8: bad category id 'A B' (letters, digits, '-' and '_', at most 23 bytes)\n"
	  "10: bad window id '窓口1' (letters, digits, '-' and '_', at most 23 bytes)\n" },
	{ "status_page_url", MIN "[feed]\nstatus_page_url = https://x.jp/status/#131016-0001\n",
	  "9: status_page_url: must end with #office=131016-0001 (this office on the residents' "
	  "page)\n" },
	{ "status_page_url_other_office",
	  MIN "[feed]\nstatus_page_url = https://x.jp/status/#office=131016-0002\n",
	  "9: status_page_url: must end with #office=131016-0001 (this office on the residents' "
	  "page)\n" },
	{ "printer_values",
	  MIN "[printer]\nhost = printer 1:9100\npaper = 76\ndots = 500\ncut = half\n"
	      "away_minutes = 601\ntimeout = 0\nfooter.fr = x\nspeed = 3\n",
	  "9: host: 'printer 1:9100' is not HOST or HOST:PORT, like 192.168.1.50:9100\n"
	  "10: paper: '76' is not 58, 80, 58mm or 80mm\n"
	  "11: dots: '500' is not a multiple of 8 from 128 to 832\n"
	  "12: cut: 'half' is not partial, full or none\n"
	  "13: away_minutes: 601 is out of range (0 to 600)\n"
	  "14: timeout: 0 is out of range (1 to 60)\n"
	  "15: footer.fr: unknown language 'fr' (ja, en, zh-Hans, ko, vi, ja-easy)\n"
	  "16: unknown key 'speed' in [printer]\n" },
	{ "printer_both", MIN "[printer]\ndevice = /dev/usb/lp0\nhost = 10.0.0.5\n",
	  "10: device and host: give one of them, not both\n" },
	{ "printer_neither", MIN "[printer]\npaper = 58\n",
	  "8: missing key 'device' or 'host' in [printer]\n" },
	{ "printer_device_path", MIN "[printer]\ndevice = usb/lp0\n",
	  "9: device: 'usb/lp0' is not an absolute path (it must start with /)\n" },
	{ "kiosk_values",
	  MIN "[api]\ntoken = same-token-0123456789\n[kiosk]\ntoken = same-token-0123456789\n"
	      "categories = A, Z\nlanguages = en, fr\nhelp = sometimes\n",
	  "11: token: the kiosk's token must differ from [api] token (it may only issue "
	  "tickets)\n"
	  "12: categories: unknown category 'Z'\n"
	  "13: languages: unknown language 'fr' (ja, en, zh-Hans, ko, vi, ja-easy)\n"
	  "14: help: 'sometimes' is not yes or no\n" },
	{ "kiosk_no_token", MIN "[kiosk]\ncategories = A, A\n",
	  "8: missing key 'token' in [kiosk]\n9: categories: 'A' is listed twice\n" },
	{ "category_icon", MIN "[category B]\nname = x\nicon = house\n[window 2]\ncategories = B\n",
	  "10: icon: 'house' is not a pictogram name (ticket, certificate, moving, family, tax, "
	  "insurance, pension, child, welfare, consultation, reservation)\n" },
	{ "not_utf8", "[office]\nid = 1\nname = \x8b\xe6\x96\xaf\x89\xdb\n" MIN_CAT MIN_WIN,
	  "3: not UTF-8 text; save the file as UTF-8\n" },
	{ "utf16", "\xFF\xFE[\0o\0", "0: the file is UTF-16; save it as UTF-8\n" },
};

static void test_broken(void **state)
{
	const struct broken *b = *state;
	size_t len = strlen(b->text);

	if (strcmp(b->name, "utf16") == 0)
		len = 6;
	assert_int_equal(parse_text(b->text, len), -1);
	if (strcmp(errors_text(), b->expected) != 0)
		print_error("case %s\nexpected:\n%sgot:\n%s", b->name, b->expected, errors_text());
	assert_string_equal(errors_text(), b->expected);
}

static void test_nul_byte(void **state)
{
	static const char text[] = MIN "[display]\nlayout = a\0b\n";

	(void)state;
	assert_int_equal(parse_text(text, sizeof(text) - 1), -1);
	assert_string_equal(errors_text(), "9: NUL byte: this is not a text file\n");
}

/* More errors than CONFIG_MAX_ERRORS: the first ones are kept, the rest counted. */
static void test_many_errors(void **state)
{
	char *text = malloc(64 * 1024);
	size_t n = 0;

	(void)state;
	assert_non_null(text);
	n += (size_t)snprintf(text + n, 64 * 1024 - n, MIN "[display]\n");
	for (int i = 0; i < CONFIG_MAX_ERRORS + 10; i++)
		n += (size_t)snprintf(text + n, 64 * 1024 - n, "bad%d = 1\n", i);
	assert_int_equal(parse_text(text, n), -1);
	assert_int_equal(errs.n, CONFIG_MAX_ERRORS);
	assert_int_equal(errs.dropped, 10);
	assert_int_equal(errs.e[0].line, 9);
	assert_string_equal(errs.e[0].message, "unknown key 'bad0' in [display]");
	assert_int_equal(errs.e[CONFIG_MAX_ERRORS - 1].line, 9 + CONFIG_MAX_ERRORS - 1);
	free(text);

	/* a file that is too big */
	text = calloc(1, CONFIG_MAX_SIZE + 1);
	assert_non_null(text);
	assert_int_equal(parse_text(text, CONFIG_MAX_SIZE + 1), -1);
	assert_string_equal(errors_text(), "0: file is too big (262145 bytes, at most 262144)\n");
	free(text);
}

/* Errors are appended to what @errs already holds. */
static void test_errors_append(void **state)
{
	static const char text[] = MIN "[display]\nrotate = 1\n";

	(void)state;
	memset(&errs, 0, sizeof(errs));
	assert_int_equal(config_parse(text, sizeof(text) - 1, &cfg, &errs), -1);
	assert_int_equal(config_parse(text, sizeof(text) - 1, &cfg, &errs), -1);
	assert_int_equal(errs.n, 2);
	assert_int_equal(config_parse(MIN, sizeof(MIN) - 1, &cfg, &errs), 0);
	assert_int_equal(errs.n, 2);
}

struct clash_case {
	const char *a, *b; /* "PREFIX DIGITS FIRST LAST" */
	const char *example; /* NULL when they cannot clash */
};

static void test_label_clash(void **state)
{
	static const struct clash_case cases[] = {
		{ "A- 3 1 999", "B- 3 1 999", NULL },	   { "A- 3 1 500", "A- 3 501 999", NULL },
		{ "A- 3 1 500", "A- 3 500 999", "A-500" }, { "A- 3 1 999", "A- 4 1 9999", NULL },
		{ "_ 3 100 199", "_ 3 200 299", NULL },	   { "_ 3 100 199", "_ 3 150 299", "150" },
		{ "_ 3 100 199", "1 2 0 99", "100" },	   { "_ 3 100 199", "2 2 0 99", NULL },
		{ "_ 3 150 199", "1 2 0 49", NULL },	   { "_ 4 1000 1999", "1 3 0 999", "1000" },
		{ "_ 4 1000 1999", "10 2 50 60", "1050" }, { "A 3 1 999", "A1 2 0 99", "A100" },
		{ "A 3 1 999", "AB 2 0 99", NULL },
	};
	char text[1024], pa[8], pb[8];
	int da, fa, la, db, fb, lb;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct clash_case *c = &cases[i];
		char want[128];

		assert_int_equal(sscanf(c->a, "%7s %d %d %d", pa, &da, &fa, &la), 4);
		assert_int_equal(sscanf(c->b, "%7s %d %d %d", pb, &db, &fb, &lb), 4);
		snprintf(text, sizeof(text),
			 MIN_OFFICE "[category X]\nname = x\nprefix = %s\ndigits = %d\nfirst = "
				    "%d\nlast = %d\n[category Y]\nname = y\nprefix = %s\ndigits = "
				    "%d\nfirst = %d\nlast = %d\n[window 1]\ncategories = X, Y\n",
			 strcmp(pa, "_") ? pa : "", da, fa, la, strcmp(pb, "_") ? pb : "", db, fb,
			 lb);
		if (!c->example) {
			assert_valid(text);
			continue;
		}
		assert_int_equal(parse_text(text, strlen(text)), -1);
		snprintf(want, sizeof(want),
			 "10: categories X and Y can give the same ticket '%s'\n", c->example);
		assert_string_equal(errors_text(), want);
	}
}

/* Full-width characters, a '#' after a value, quotes: what was found and what to write. */
static void test_value_mistakes(void **state)
{
	static const struct {
		const char *line; /* appended to MIN as line 8 */
		const char *en, *ja;
	} cases[] = {
		{ "[level]\ncapacity = ３\n",
		  "9: capacity: '３' has full-width characters; write it half-width: 3\n",
		  "capacity: 「３」に全角の文字があります。半角で「3」と書いてください" },
		{ "[level]\ncapacity = 80 # 定員\n",
		  "9: capacity: '80 # 定員': a '#' after a value does not start a comment; "
		  "write 80 (a comment goes on its own line, or after ' ;')\n",
		  "capacity: 「80 # 定員」: 値の後ろの「#」はコメントになりません。「80」と書いてく"
		  "ださい（コメントは別の行か、「 ;」の後ろに書きます）" },
		{ "[level]\ncapacity = ８０ # 定員\n",
		  "9: capacity: '８０ # 定員': a '#' after a value does not start a comment; "
		  "write 80 (a comment goes on its own line, or after ' ;')\n",
		  NULL },
		{ "[level]\ncapacity = \"80\"\n",
		  "9: capacity: '\"80\"': values need no quotes; write 80\n", NULL },
		{ "[level]\ncapacity = 80人\n", "9: capacity: '80人' is not a whole number\n",
		  NULL },
		{ "[level]\ncapacity = ８０人\n",
		  "9: capacity: '８０人' has full-width characters; write digits, letters and "
		  "symbols half-width\n",
		  NULL },
		{ "[level]\ncapacity = \"many\"\n",
		  "9: capacity: '\"many\"' is not a whole number\n", NULL },
		{ "[hours]\nmon = ８：３０ー１７：１５\n",
		  "9: mon: '８：３０ー１７：１５' has full-width characters; write it half-width: "
		  "8:30-17:15\n",
		  NULL },
		{ "[display]\nsound = ｎｏ\n",
		  "9: sound: 'ｎｏ' has full-width characters; write it half-width: no\n", NULL },
		{ "[api]\nlisten = 127.0.0.1：8080\n",
		  "9: listen: '127.0.0.1：8080' has full-width characters; write it half-width: "
		  "127.0.0.1:8080\n",
		  NULL },
	};
	char text[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), MIN "%s", cases[i].line);
		assert_int_equal(parse_text(text, strlen(text)), -1);
		assert_string_equal(errors_text(), cases[i].en);
		assert_false(errs.e[0].warning);
		if (cases[i].ja)
			assert_string_equal(errs.e[0].message_ja, cases[i].ja);
	}
}

/* Quotes around a text value: taken as written, with a warning; not an error. */
static void test_quote_warnings(void **state)
{
	const char text[] = "[office]\nid = 1\nname = \"区民課\"\n" MIN_CAT MIN_WIN
			    "[api]\ntoken = '0123456789abcdef'\n";

	(void)state;
	assert_int_equal(parse_text(text, sizeof(text) - 1), 0);
	assert_string_equal(cfg.office_name[LANG_JA], "\"区民課\"");
	assert_string_equal(cfg.token, "'0123456789abcdef'");
	assert_string_equal(errors_text(),
			    "3: name: the quotes are part of the value and are shown: \"区民課\" "
			    "(values need no quotes)\n"
			    "9: token: the quotes are part of the value (values need no quotes)\n");
	assert_true(errs.e[0].warning && errs.e[1].warning);
	assert_string_equal(errs.e[0].message_ja,
			    "name: 引用符も値の一部として表示されます: \"区民課\"（値に引用符は要り"
			    "ません）");
}

/* The [office] line deleted: one error for the header, not one per key. */
static void test_orphan_keys(void **state)
{
	const char no_header[] = "# office\nid = 1\nname = 区民課\nname.en = Office\n"
				 "timezone = +09:00\n" MIN_CAT MIN_WIN;
	const char one[] = "id = 1\n" MIN;
	const char before[] = "id = 1\nname = x\n" MIN;

	(void)state;
	assert_int_equal(parse_text(no_header, sizeof(no_header) - 1), -1);
	assert_string_equal(
		errors_text(),
		"2: missing section [office]: write [office] above this line (4 keys on "
		"lines 2-5 belong to no section: id, name, name.en, timezone)\n");
	assert_int_equal(parse_text(one, sizeof(one) - 1), -1);
	assert_string_equal(errors_text(), "1: 'id' comes before any [section]\n");
	assert_int_equal(parse_text(before, sizeof(before) - 1), -1);
	assert_string_equal(errors_text(), "1: 2 keys on lines 1-2 come before any [section] (id, "
					   "name): put them under their section\n");
}

/* The example token only on loopback. */
static void test_example_token(void **state)
{
	static const struct {
		const char *listen;
		bool ok;
	} cases[] = {
		{ "127.0.0.1:8080", true },	{ "127.0.0.2:80", true },
		{ "localhost:8080", true },	{ "[::1]:8080", true },
		{ "0.0.0.0:8080", false },	{ "*:8080", false },
		{ "[::]:8080", false },		{ "192.168.1.20:8080", false },
		{ "127.example.jp:80", false },
	};
	char text[512];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(config_listen_loopback(cases[i].listen), cases[i].ok);
		snprintf(text, sizeof(text), MIN "[api]\nlisten = %s\ntoken = %s\n",
			 cases[i].listen, CONFIG_EXAMPLE_TOKEN);
		assert_int_equal(parse_text(text, strlen(text)), cases[i].ok ? 0 : -1);
		if (!cases[i].ok)
			assert_int_equal(errs.e[0].line, 10);
	}
	/* a token of one's own is fine on the LAN */
	snprintf(text, sizeof(text), MIN "[api]\nlisten = 0.0.0.0:8080\ntoken = %s\n",
		 "kita-ward-counter-2026");
	assert_valid(text);
}

int main(void)
{
	static struct CMUnitTest tests[64];
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_every_key),      cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_bom_crlf),       cmocka_unit_test(test_not_terminated),
		cmocka_unit_test(test_languages),      cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_long_lines),     cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_many_errors),    cmocka_unit_test(test_errors_append),
		cmocka_unit_test(test_label_clash),    cmocka_unit_test(test_value_mistakes),
		cmocka_unit_test(test_quote_warnings), cmocka_unit_test(test_orphan_keys),
		cmocka_unit_test(test_example_token),
	};
	size_t n = 0;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		tests[n++] = fixed[i];
	for (size_t i = 0; i < sizeof(broken_cases) / sizeof(broken_cases[0]); i++) {
		struct CMUnitTest t = cmocka_unit_test_prestate(test_broken, NULL);

		t.name = broken_cases[i].name;
		t.initial_state = (void *)&broken_cases[i];
		tests[n++] = t;
	}
	return _cmocka_run_group_tests("config", tests, n, NULL, NULL);
}
