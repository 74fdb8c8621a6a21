/* SPDX-License-Identifier: MIT */
/*
 * The words of a spoken call (docs/display.md): the ticket label as a person
 * reads it, the call's sentence from its template, and the sentence cut into
 * clauses, the unit that is synthesised and cached. Pure: no SDL, no I/O.
 */
#ifndef MACHIAI_DISPLAY_PHRASE_H
#define MACHIAI_DISPLAY_PHRASE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/lang.h"
#include "display/locale.h"

#define PHRASE_MAX 768 /* one spoken sentence, bytes, NUL included */
#define PHRASE_CLAUSES_MAX 8

/* One clause of a sentence and the pause after it. */
struct phrase_clause {
	char text[PHRASE_MAX];
	int pause_ms;
};

/**
 * phrase_ticket() - ticket label @label as read aloud in @lang, into @out
 * (@size bytes): letters by their names (@loc's speak_letters), the number
 * without its leading zeros, through the templates speak_ticket and
 * speak_number. "A-035" gives "エーの35番" in Japanese and "Eh 35" in
 * English (which espeak-ng says "A thirty-five": it reads a lone "A" as the article). A label that is not
 * letters, an optional '-', '_', '.' or blank, then digits, is read as
 * written.
 */
void phrase_ticket(const struct locale *loc, enum lang lang, const char *label, char *out,
		   size_t size);

/**
 * phrase_call() - the sentence of a call in @lang into @out (@size bytes):
 * @tmpl (or, when NULL or empty, @loc's speak_call) with {ticket} read by
 * phrase_ticket() and {window} as written; a recall is preceded by @loc's
 * speak_recall.
 */
void phrase_call(const struct locale *loc, enum lang lang, const char *tmpl, const char *label,
		 const char *window, bool recall, char *out, size_t size);

/**
 * phrase_split() - cut @text after each clause mark (、。，！？ and , . ! ?
 * before a blank or the end) into at most @max clauses in @out, each with
 * the pause that follows it (shorter after a comma than after a full stop);
 * what is left over goes into the last. Blanks around clauses are dropped.
 * Return: the number of clauses (0 for a blank text).
 */
int phrase_split(const char *text, struct phrase_clause *out, int max);

#endif
