/* SPDX-License-Identifier: MIT */
/*
 * A report (core/report.h) as JSON (docs/report-schema.json) and as CSV
 * tables for Excel (UTF-8 with a BOM, Japanese headers, CRLF; the English
 * names of the columns are in docs/report.md). The CSV is made from the
 * JSON document, so that both always give the same figures.
 */
#ifndef MACHIAI_DAEMON_REPORTJSON_H
#define MACHIAI_DAEMON_REPORTJSON_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "core/report.h"
#include "daemon/reportfile.h"

/**
 * reportjson_build() - the report @r of days @from to @to (YYYYMMDD), read
 * as @res says, as a new JSON object. Sorts @r's series.
 * Return: a new reference, or NULL when out of memory.
 */
json_t *reportjson_build(struct report *r, int32_t from, int32_t to,
			 const struct reportfile_result *res);

/**
 * reportjson_table_ok() - whether @name is a CSV table: "summary",
 * "categories", "windows", "half_hours", "days", "week" or "skipped".
 */
bool reportjson_table_ok(const char *name);

/**
 * reportjson_csv() - table @table of report document @doc as CSV.
 * Return: a NUL-terminated string to free() by the caller (*@len bytes
 * without the NUL), or NULL when @table is not a table or out of memory.
 */
char *reportjson_csv(const json_t *doc, const char *table, size_t *len);

#endif
