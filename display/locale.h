/* SPDX-License-Identifier: MIT */
/*
 * Locale files: every word the sign shows, one JSON file per language
 * (display/locales/CODE.json). Each key is required, unknown keys are
 * errors, and each text may use only its own {placeholders}.
 */
#ifndef MACHIAI_DISPLAY_LOCALE_H
#define MACHIAI_DISPLAY_LOCALE_H

#include <stddef.h>

#include "core/lang.h"
#include "display/diag.h"

#define LOCALE_TEXT_MAX 256
#define LOCALE_MAX_SIZE (64 * 1024)

enum locale_key {
	LOC_LANG_NAME,
	LOC_NOW_CALLING,
	LOC_PLEASE_GO,
	LOC_RECALL,
	LOC_RECENT_CALLS,
	LOC_WINDOW_CLOSED,
	LOC_WINDOW_FREE,
	LOC_WAITING,
	LOC_PEOPLE,
	LOC_WAIT_TIME,
	LOC_WAIT_BAND,
	LOC_WAIT_ABOUT,
	LOC_WAIT_SOON,
	LOC_WAIT_UNKNOWN,
	LOC_LEVEL_0,
	LOC_LEVEL_1,
	LOC_LEVEL_2,
	LOC_LEVEL_3,
	LOC_SERVICE_OPEN,
	LOC_SERVICE_SUSPENDED,
	LOC_CLOSED_TITLE,
	LOC_BEFORE_TITLE, /* closed, and today's opening is still to come */
	LOC_NEXT_HOURS,
	LOC_NO_NEXT_HOURS,
	LOC_CLOSED_WEEKLY, /* a weekday without hours: "本日は土曜日のため　お休みです" */
	LOC_CLOSED_HOLIDAY, /* a national holiday, with its name */
	LOC_CLOSED_YEAR_END, /* 年末年始 */
	LOC_CLOSED_SPECIAL, /* a day [calendar] closes */
	LOC_DATE,
	LOC_SHORT_DATE,
	LOC_ERA_FIRST_YEAR,
	LOC_CLOCK_UNSET, /* the system clock is not set: instead of the date */
	LOC_STALE,
	LOC_CONNECTING,
	LOC_CONNECT_FAILED, /* before any document: why there is none (display/stream.h) */
	LOC_CONNECT_REFUSED,
	LOC_CONNECT_NO_HOST,
	LOC_CONNECT_NOT_FOUND,
	LOC_CONNECT_NOT_STATUS,
	LOC_CONNECT_TIMEOUT,
	LOC_CONNECT_OTHER,
	LOC_STAFF_CONSOLE, /* the staff console's address, on the closed screen */
	LOC_QR_CAPTION,
	LOC_ERRORS_TITLE, /* the config-error screen (--errors) */
	LOC_ERRORS_LINE,
	LOC_ERRORS_MORE,
	LOC_ERRORS_FIX,
	LOC_PRINTER_PAPER_OUT, /* the ticket printer's problems, on the ticker for staff */
	LOC_PRINTER_PAPER_NEAR_END,
	LOC_PRINTER_COVER_OPEN,
	LOC_PRINTER_ERROR,
	LOC_PRINTER_OFFLINE,
	LOC_PRINTER_UNREACHABLE,
	LOC_PRINTER_NO_REPORT,
	LOC_KIOSK_HELP, /* a visitor at the kiosk asks for staff */
	LOC_TICKET_ISSUED, /* the printed ticket (printer/) */
	LOC_TICKET_WAITING,
	LOC_TICKET_WAIT,
	LOC_TICKET_AWAY,
	LOC_TICKET_QR,
	LOC_SPEAK_CALL, /* spoken calls (display/phrase.h) */
	LOC_SPEAK_RECALL,
	LOC_SPEAK_TICKET,
	LOC_SPEAK_NUMBER,
	LOC_KEY_COUNT
};

struct locale {
	char text[LOC_KEY_COUNT][LOCALE_TEXT_MAX];
	char weekdays[7][32]; /* 0 = Sunday */
	char weekdays_long[7][32]; /* "土曜日", "Saturday" */
	char months[12][32];
	char eras[5][32]; /* core/wareki.h order */
	char letters[26][32]; /* how A to Z are read aloud */
};

/**
 * locale_parse() - parse locale JSON @buf (@len bytes) into @loc, collecting
 * every problem in @d.
 * Return: 0 when there is none, -1 otherwise.
 */
int locale_parse(const char *buf, size_t len, struct locale *loc, struct diag *d);

/**
 * locale_load_file() - read and parse the locale file @path into @loc;
 * every problem is printed to stderr as "PATH: JSON-path: message".
 * Return: 0, or -1 when it cannot be read or has any problem.
 */
int locale_load_file(const char *path, struct locale *loc);

/**
 * locale_data_dir() - the folder holding display/locales/ (and layouts/,
 * display/sounds/): @override when not NULL, else $MACHIAI_DATA_DIR, else
 * the working folder or one up to three folders above the program (a
 * source tree) when it has them, else /usr/share/machiai; into @buf.
 * Return: 0, or -1 when it does not fit in half of @size (paths are made
 * under it).
 */
int locale_data_dir(const char *override, char *buf, size_t size);

/**
 * locale_load_all() - every language's locale from
 * DATA_DIR/display/locales/CODE.json into @loc (each malloc'd, to be freed
 * by the caller). A language whose file cannot be used is left out (NULL)
 * with a message from @prog on stderr, except Japanese.
 * Return: 0, or -1 when Japanese could not be loaded or memory ran out.
 */
int locale_load_all(const char *data_dir, struct locale *loc[LANG_COUNT], const char *prog);

/**
 * locale_format() - expand {name} placeholders of @tmpl into @out (@size
 * bytes) from the @n pairs of @names and @values; unknown names are kept
 * as they are. The result is truncated at a UTF-8 boundary when too long.
 */
void locale_format(const char *tmpl, char *out, size_t size, const char *const *names,
		   const char *const *values, int n);

#endif
