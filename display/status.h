/* SPDX-License-Identifier: MIT */
/*
 * The status document (docs/status.md) as the sign needs it. Parsed with
 * Jansson (duplicates rejected); unknown members are ignored so that a newer
 * daemon can add fields. Every error names its JSON path.
 */
#ifndef MACHIAI_DISPLAY_STATUS_H
#define MACHIAI_DISPLAY_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/lang.h"

#define STATUS_MAX_SIZE (512 * 1024) /* larger documents are refused */
#define STATUS_NAME_MAX 128
#define STATUS_TEXT_MAX 512
#define STATUS_ID_MAX 24
#define STATUS_TICKET_MAX 16
#define STATUS_URL_MAX 512
#define STATUS_MAX_CATEGORIES 16
#define STATUS_MAX_WINDOWS 32
#define STATUS_MAX_CALLS 8

enum status_service {
	STATUS_SERVICE_OPEN,
	STATUS_SERVICE_CLOSED,
	STATUS_SERVICE_SUSPENDED,
};

/*
 * The worst of the ticket printer's problems ("printer" of the document),
 * worst first; STATUS_PRINTER_OK when it has none or there is no printer.
 */
enum status_printer {
	STATUS_PRINTER_OK,
	STATUS_PRINTER_PAPER_OUT,
	STATUS_PRINTER_COVER_OPEN,
	STATUS_PRINTER_ERROR,
	STATUS_PRINTER_OFFLINE,
	STATUS_PRINTER_UNREACHABLE,
	STATUS_PRINTER_NO_REPORT,
	STATUS_PRINTER_PAPER_NEAR_END,
	STATUS_PRINTER_COUNT
};

/* Text in every language; an empty string where the document has none. */
struct status_text {
	char t[LANG_COUNT][STATUS_TEXT_MAX];
};

struct status_name {
	char t[LANG_COUNT][STATUS_NAME_MAX];
};

struct status_hours {
	bool set;
	int32_t date; /* YYYYMMDD; 0 for today's hours */
	char open[8], close[8]; /* "08:30" */
};

/* Why today has the hours it has ("service.today"). */
enum status_day_kind {
	STATUS_DAY_WEEKLY, /* the weekday's hours, or none that weekday */
	STATUS_DAY_SPECIAL, /* set for the day in [calendar]; closed when it has no hours */
	STATUS_DAY_HOLIDAY, /* a national holiday: closed */
	STATUS_DAY_YEAR_END, /* 年末年始: closed */
};

struct status_day {
	bool set; /* false: the document did not say */
	enum status_day_kind kind;
	int weekday; /* 0 = Sunday */
	char holiday_ja[64], holiday_en[96]; /* a national holiday's names; "" when not one */
};

struct status_category {
	char id[STATUS_ID_MAX];
	struct status_name name;
	int waiting;
	int wait_median, wait_low, wait_high; /* minutes, -1 when null */
	bool soon;
	int level; /* 0..3 */
};

struct status_window {
	char id[STATUS_ID_MAX];
	struct status_name label;
	bool open;
	char ticket[STATUS_TICKET_MAX]; /* "" when free */
	bool serving; /* state "serving", else "called" */
	int recalls;
};

struct status_call {
	int64_t seq;
	char ticket[STATUS_TICKET_MAX];
	char window[STATUS_ID_MAX];
	int64_t at; /* ms since the epoch */
	bool recall;
};

struct status {
	int64_t seq;
	int64_t generated_at; /* ms since the epoch */
	int utc_offset_min; /* of generated_at, e.g. 540 */
	bool clock_unset; /* "clock_set": false: show no date or time */
	struct status_name office;
	enum lang languages[LANG_COUNT];
	int n_languages;
	enum status_service service;
	int32_t day; /* YYYYMMDD */
	struct status_text notice;
	struct status_hours today, next;
	struct status_day today_info;
	struct status_category categories[STATUS_MAX_CATEGORIES];
	int n_categories;
	struct status_window windows[STATUS_MAX_WINDOWS];
	int n_windows;
	struct status_call calls[STATUS_MAX_CALLS]; /* newest first */
	int n_calls;
	int level; /* overall, 0..3 */
	char status_page_url[STATUS_URL_MAX]; /* "" when null */
	enum status_printer printer; /* the printer's worst problem */
	bool kiosk_help; /* a visitor at the kiosk asks for staff */
};

/**
 * status_parse() - parse the status document in @buf (@len bytes) into @st.
 * On error, writes "JSON-path: message" (or "line L column C: message" for
 * syntax errors) to @err (@err_size bytes) and leaves @st unspecified.
 * Return: 0 or -1.
 */
int status_parse(const char *buf, size_t len, struct status *st, char *err, size_t err_size);

/** status_window_find() - index of window @id in @st, or -1. */
int status_window_find(const struct status *st, const char *id);

#endif
