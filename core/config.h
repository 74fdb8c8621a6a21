/* SPDX-License-Identifier: MIT */
/*
 * The appliance configuration: one INI file, machiai.conf (docs/config.md).
 * Parsed from a buffer; every error is collected with its line number.
 */
#ifndef MACHIAI_CORE_CONFIG_H
#define MACHIAI_CORE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/lang.h"

#define CONFIG_ID_MAX 24 /* ids of office parts, NUL included */
#define CONFIG_NAME_MAX 128 /* one display name in one language, bytes, NUL included */
#define CONFIG_TEXT_MAX 512 /* notice text in one language */
#define CONFIG_URL_MAX 512
#define CONFIG_PATH_MAX 256
#define CONFIG_SECRET_MAX 128
#define CONFIG_MAX_CATEGORIES 16
#define CONFIG_MAX_WINDOWS 32
#define CONFIG_MAX_BREAKS 4
#define CONFIG_MAX_BUTTONS 32
#define CONFIG_MAX_QUIET 4 /* quiet_hours spans */
#define CONFIG_MAX_SPANS 4 /* opening spans in one day (a midday closure makes two) */
#define CONFIG_MAX_DATES 96 /* [calendar] dates */
#define CONFIG_MAX_RECURRING 16 /* [calendar] rules such as "2nd,4th sun of mar,apr" */
#define CONFIG_TEMPLATE_MAX 256 /* an announcement template, bytes, NUL included */
#define CONFIG_MAX_ERRORS 64
#define CONFIG_MAX_SIZE (256 * 1024) /* larger files are refused */

/* Calling rule of a window (docs/config.md). */
enum config_rule {
	CONFIG_RULE_FIFO, /* categories in turn, first come first served within each */
	CONFIG_RULE_LONGEST, /* the longest-waiting ticket across its categories */
	CONFIG_RULE_PRIORITY, /* the first category in its list that has anyone waiting */
};

/* A time span within a day, in minutes after local midnight; start < end. */
struct config_span {
	int start;
	int end;
};

/* A day's opening hours: spans in order, none overlapping; n == 0 = closed. */
struct config_hours {
	struct config_span spans[CONFIG_MAX_SPANS];
	int n;
};

/* [calendar] "2027-03-28 = 09:00-12:00": one date's own hours, or closed. */
struct config_date {
	int32_t date; /* YYYYMMDD */
	struct config_hours hours;
	int line; /* in the file, for config_check_dates() */
};

/* [calendar] "2nd,4th sun of mar,apr = 09:00-12:00": a recurring day's hours. */
struct config_recurring {
	int weekday; /* 0 = Sunday */
	unsigned weeks; /* bit n-1: the nth such weekday of the month (1..5); bit 5: the last */
	unsigned months; /* bit m-1: month m */
	struct config_hours hours;
	int line;
};

#define CONFIG_WEEK_LAST (1u << 5)
#define CONFIG_WEEKS_ALL 0x3fu
#define CONFIG_MONTHS_ALL 0xfffu

struct config_category {
	char id[CONFIG_ID_MAX]; /* "A" */
	char name[LANG_COUNT][CONFIG_NAME_MAX]; /* name[LANG_JA] always set */
	char prefix[8]; /* label prefix, "A-" or "" */
	int digits; /* zero-padded width of the number, 1..6 */
	int first, last; /* number range, first <= last */
	double service_minutes; /* prior mean service time */
	char icon[16]; /* the kiosk's pictogram (config_icon_names), "" = a plain ticket */
};

struct config_window {
	char id[CONFIG_ID_MAX];
	char label[LANG_COUNT][CONFIG_NAME_MAX];
	int categories
		[CONFIG_MAX_CATEGORIES]; /* indexes into config.categories, in the listed order */
	int n_categories;
	enum config_rule rule;
	bool open; /* open at the start of each day */
	struct config_span breaks[CONFIG_MAX_BREAKS]; /* planned closures, e.g. lunch */
	int n_breaks;
	bool speech; /* its calls are spoken (a booth may want only the chime) */
};

/* What the ticket printer does after each ticket. */
enum config_cut {
	CONFIG_CUT_PARTIAL, /* GS V 66: feed to the cutter, cut leaving a hinge */
	CONFIG_CUT_FULL, /* GS V 65: feed to the cutter, cut through */
	CONFIG_CUT_NONE, /* feed only: a printer without a cutter */
};

/* A GPIO line: a chip-relative offset, or a line name; unset when both are empty. */
struct config_line {
	bool set;
	int offset; /* -1 when given by name */
	char name[32];
};

struct config_button {
	enum {
		CONFIG_BUTTON_TICKET,
		CONFIG_BUTTON_CALL,
		CONFIG_BUTTON_RECALL
	} kind;
	int target; /* category index for TICKET, window index for CALL/RECALL */
	struct config_line line;
};

struct config {
	/* [office] */
	char office_id[64]; /* 公共施設一覧 facility ID */
	char office_name[LANG_COUNT][CONFIG_NAME_MAX];
	int utc_offset_minutes; /* "timezone = +09:00" -> 540 */
	enum lang languages[LANG_COUNT]; /* rotation, LANG_JA first */
	int n_languages;
	char notice[LANG_COUNT][CONFIG_TEXT_MAX]; /* initial notice */

	/* [hours] per weekday, 0 = Sunday; n == 0 when closed that day */
	struct config_hours hours[7];
	int reservation_grace_minutes;

	/* [calendar] (core/calendar.h reads it): what overrides the weekday's hours */
	bool holidays_closed; /* national holidays, default yes */
	int year_end_from, year_end_to; /* MMDD, closed from..to across New Year; 0 = none */
	struct config_date dates[CONFIG_MAX_DATES]; /* in date order */
	int n_dates;
	struct config_recurring recurring[CONFIG_MAX_RECURRING];
	int n_recurring;

	struct config_category categories[CONFIG_MAX_CATEGORIES];
	int n_categories;
	struct config_window windows[CONFIG_MAX_WINDOWS];
	int n_windows;

	/* [level] thresholds of levels 1, 2, 3 */
	int wait_minutes[3]; /* default 20, 40, 60 */
	int occupancy_percent[3]; /* default 30, 60, 80 */
	int capacity; /* people; 0 = no occupancy level */
	int hold_minutes; /* hysteresis before easing, default 5 */
	int report_target_wait; /* minutes; reports count waits longer than this, default 30 */

	/* [api] */
	char listen[64]; /* "127.0.0.1:8080" */
	char token[CONFIG_SECRET_MAX];
	char state_dir[CONFIG_PATH_MAX]; /* journal and spool, default /var/lib/machiai */

	/* [feed]; url empty = no publishing */
	char feed_url[CONFIG_URL_MAX];
	char feed_token[CONFIG_SECRET_MAX];
	char feed_hmac_key[CONFIG_SECRET_MAX];
	char feed_ca_file[CONFIG_PATH_MAX];
	int feed_interval_s; /* default 60 */
	int feed_min_gap_s; /* coalescing, default 3 */
	int history_interval_s; /* default 300 */
	bool feed_ngsi; /* also publish NGSI entities */
	char ngsi_url[CONFIG_URL_MAX];
	char status_page_url[CONFIG_URL_MAX]; /* ".../#office=ID": the sign's QR code */

	/* [gpio] */
	char gpio_chip[32]; /* "gpiochip0" */
	int gpio_bias; /* 0 as-is, 1 pull-up, 2 pull-down, 3 disabled */
	int debounce_ms; /* default 10 */
	struct config_line door;
	bool door_active_low;
	int door_grace_s; /* default 10 */
	struct config_line beam_outer, beam_inner;
	bool beam_active_low;
	int beam_min_break_ms, beam_min_gap_ms, beam_second_ms, beam_blocked_ms;
	struct config_line counter_in, counter_out;
	struct config_button buttons[CONFIG_MAX_BUTTONS];
	int n_buttons;

	/* [printer]; printer_device and printer_host empty = no ticket printer */
	char printer_device[CONFIG_PATH_MAX]; /* "/dev/usb/lp0" */
	char printer_host[CONFIG_URL_MAX]; /* "192.168.1.50:9100", the port always given */
	int printer_dots; /* printable width in dots: 576 (80 mm paper), 384 (58 mm) */
	enum config_cut printer_cut;
	char printer_logo[CONFIG_NAME_MAX]; /* a line printed large at the top; "" = none */
	char printer_footer[LANG_COUNT][CONFIG_NAME_MAX]; /* the office's line at the bottom */
	int printer_away_minutes; /* a wait whose low end is this long says "go out"; 0 = never */
	int printer_timeout_s; /* a printer silent this long has failed the ticket */

	/* [kiosk]; kiosk_token empty = no kiosk */
	char kiosk_token[CONFIG_SECRET_MAX];
	int kiosk_categories[CONFIG_MAX_CATEGORIES]; /* shown, in this order; default all */
	int n_kiosk_categories;
	enum lang kiosk_languages[LANG_COUNT]; /* offered one tap away, ja not included */
	int n_kiosk_languages;
	bool kiosk_help; /* the "call staff" button */

	/* [display] */
	char layout[CONFIG_PATH_MAX]; /* layout name or file, default "landscape" */
	int rotate; /* 0, 90, 180, 270 */
	bool sound;
	int rotate_seconds; /* language rotation period, default 6 */
	bool off_hours_black;
	/* spoken calls (docs/display.md) */
	bool speech;
	enum lang announce[LANG_COUNT]; /* spoken after the chime, in order, LANG_JA first */
	int n_announce;
	int volume; /* percent of full scale, chime and voice, default 100 */
	struct config_span quiet_hours[CONFIG_MAX_QUIET]; /* chime only, no voice */
	int n_quiet_hours;
	int announce_repeat; /* times the languages are said in turn, 1..3 */
	char announce_text[LANG_COUNT][CONFIG_TEMPLATE_MAX]; /* "" = the locale file's */
};

/* The example tokens of machiai.conf.example: allowed only on loopback. */
#define CONFIG_EXAMPLE_TOKEN "machiai-demo-token-change-me"
#define CONFIG_EXAMPLE_KIOSK_TOKEN "machiai-demo-kiosk-token-change-me"

struct config_error {
	int line; /* 0 when the error is about the file as a whole */
	bool warning; /* a warning: the file is still valid */
	char message[192]; /* English */
	char message_ja[384]; /* Japanese (the English when no translation is known) */
};

struct config_errors {
	struct config_error e[CONFIG_MAX_ERRORS];
	int n; /* errors and warnings stored */
	int dropped; /* errors and warnings beyond CONFIG_MAX_ERRORS */
};

/**
 * config_defaults() - fill @cfg with the defaults of docs/config.md.
 */
void config_defaults(struct config *cfg);

/**
 * config_parse() - parse machiai.conf from @buf (@len bytes, need not be
 * NUL-terminated; a UTF-8 BOM and CRLF line ends are accepted).
 * @cfg is filled from defaults first. Every problem found is appended to
 * @errs with its line, in English and Japanese: unknown section or key, bad
 * value, missing section, duplicate id, a window that serves an unknown
 * category, ... Warnings (a value that is taken but is likely a mistake, such
 * as quotes around a name) are appended too, with warning set.
 *
 * Return: 0 when there is no error (warnings allowed), -1 otherwise (then
 * @cfg must not be used).
 */
int config_parse(const char *buf, size_t len, struct config *cfg, struct config_errors *errs);

/* The kiosk's pictogram names, for [category] icon; NULL-terminated. */
extern const char *const config_icon_names[];

/**
 * config_check_dates() - append to @errs an error for each [calendar] date
 * of @cfg before @today (YYYYMMDD): what `machiaid --check-config` does with
 * the machine's date, so a date already gone is found before it is relied on.
 * Return: the number of errors appended.
 */
int config_check_dates(const struct config *cfg, int32_t today, struct config_errors *errs);

/** config_printer_set() - whether a ticket printer is configured. */
bool config_printer_set(const struct config *cfg);

/**
 * config_error_ja() - the Japanese of an error message's English printf
 * format @fmt (core/config_ja.c), with the same conversions in the same
 * order; NULL when there is none.
 */
const char *config_error_ja(const char *fmt);

/**
 * config_listen_loopback() - whether HOST:PORT @listen serves this machine
 * only: 127.x.x.x, localhost or [::1]. 0.0.0.0, [::], * and any other
 * address are reachable from the network.
 */
bool config_listen_loopback(const char *listen);

/**
 * config_category_index() / config_window_index() - index of the part with
 * @id, or -1.
 */
int config_category_index(const struct config *cfg, const char *id);
int config_window_index(const struct config *cfg, const char *id);

#endif
