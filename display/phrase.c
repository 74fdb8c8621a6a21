/* SPDX-License-Identifier: MIT */
#include "display/phrase.h"

#include <stdio.h>
#include <string.h>

#define PHRASE_PAUSE_COMMA_MS 150
#define PHRASE_PAUSE_STOP_MS 350

static bool phrase_is_letter(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool phrase_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Appends @s to @out (@size bytes) at *@pos; stops when full. */
static void phrase_append(char *out, size_t size, size_t *pos, const char *s)
{
	size_t n = strlen(s);

	if (*pos + n >= size)
		n = size - 1 - *pos;
	memcpy(out + *pos, s, n);
	*pos += n;
	out[*pos] = '\0';
}

void phrase_ticket(const struct locale *loc, enum lang lang, const char *label, char *out,
		   size_t size)
{
	const char *names[2] = { "letters", "number" };
	const char *values[2];
	char letters[8 * 32] = "", number[16];
	const char *p = label, *digits;
	size_t nl = 0, pos = 0;
	bool japanese = lang == LANG_JA || lang == LANG_JA_EASY;

	while (phrase_is_letter(*p) && nl < 8)
		p++, nl++;
	if (nl > 0 && (*p == '-' || *p == '_' || *p == '.' || *p == ' '))
		p++;
	digits = p;
	while (phrase_is_digit(*p))
		p++;
	if (phrase_is_letter(*p) || *p != '\0' || p == digits ||
	    p - digits >= (long)sizeof(number)) {
		snprintf(out, size, "%s", label);
		return;
	}
	while (*digits == '0' && phrase_is_digit(digits[1]))
		digits++;
	memcpy(number, digits, (size_t)(p - digits));
	number[p - digits] = '\0';
	for (size_t i = 0; i < nl; i++) {
		char c = label[i];
		int k = c >= 'a' ? c - 'a' : c - 'A';

		/* Japanese names run together (エービー); others are words. */
		if (i > 0 && !japanese)
			phrase_append(letters, sizeof(letters), &pos, " ");
		phrase_append(letters, sizeof(letters), &pos, loc->letters[k]);
	}
	values[0] = letters;
	values[1] = number;
	if (nl > 0)
		locale_format(loc->text[LOC_SPEAK_TICKET], out, size, names, values, 2);
	else
		locale_format(loc->text[LOC_SPEAK_NUMBER], out, size, names + 1, values + 1, 1);
}

void phrase_call(const struct locale *loc, enum lang lang, const char *tmpl, const char *label,
		 const char *window, bool recall, char *out, size_t size)
{
	const char *names[2] = { "ticket", "window" };
	const char *values[2];
	char ticket[256];
	size_t pos = 0;

	phrase_ticket(loc, lang, label, ticket, sizeof(ticket));
	values[0] = ticket;
	values[1] = window;
	out[0] = '\0';
	if (recall) {
		phrase_append(out, size, &pos, loc->text[LOC_SPEAK_RECALL]);
		if (lang != LANG_JA && lang != LANG_ZH_HANS)
			phrase_append(out, size, &pos, " ");
	}
	locale_format(tmpl && *tmpl ? tmpl : loc->text[LOC_SPEAK_CALL], out + pos, size - pos,
		      names, values, 2);
}

/* Length of the clause mark at @s and its pause, or 0. */
static size_t phrase_mark(const char *s, int *pause_ms)
{
	static const struct {
		const char *mark;
		int pause_ms;
		bool needs_blank; /* ASCII marks end a clause only before a blank or the end */
	} marks[] = {
		{ "\xE3\x80\x81", PHRASE_PAUSE_COMMA_MS, false }, /* 、 */
		{ "\xEF\xBC\x8C", PHRASE_PAUSE_COMMA_MS, false }, /* ， */
		{ "\xE3\x80\x82", PHRASE_PAUSE_STOP_MS, false }, /* 。 */
		{ "\xEF\xBC\x81", PHRASE_PAUSE_STOP_MS, false }, /* ！ */
		{ "\xEF\xBC\x9F", PHRASE_PAUSE_STOP_MS, false }, /* ？ */
		{ ",", PHRASE_PAUSE_COMMA_MS, true },
		{ ".", PHRASE_PAUSE_STOP_MS, true },
		{ "!", PHRASE_PAUSE_STOP_MS, true },
		{ "?", PHRASE_PAUSE_STOP_MS, true },
	};

	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		size_t n = strlen(marks[i].mark);

		if (strncmp(s, marks[i].mark, n) != 0)
			continue;
		if (marks[i].needs_blank && s[n] != '\0' && s[n] != ' ')
			return 0;
		*pause_ms = marks[i].pause_ms;
		return n;
	}
	return 0;
}

int phrase_split(const char *text, struct phrase_clause *out, int max)
{
	const char *p = text;
	int n = 0;

	while (*p && n < max) {
		const char *start, *end;
		int pause_ms = PHRASE_PAUSE_STOP_MS;
		size_t len;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		start = p;
		end = NULL;
		while (*p) {
			size_t m = n + 1 < max ? phrase_mark(p, &pause_ms) : 0;

			if (m) {
				p += m;
				end = p;
				break;
			}
			p++;
		}
		if (!end) {
			end = p;
			pause_ms = PHRASE_PAUSE_STOP_MS;
		}
		while (end > start && end[-1] == ' ')
			end--;
		len = (size_t)(end - start);
		if (len >= sizeof(out[n].text))
			len = sizeof(out[n].text) - 1;
		memcpy(out[n].text, start, len);
		out[n].text[len] = '\0';
		out[n].pause_ms = pause_ms;
		n++;
	}
	return n;
}
