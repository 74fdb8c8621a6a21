/* SPDX-License-Identifier: MIT */
/*
 * machiai-printer's calls to machiaid (docs/api.md): the jobs to print, the
 * result of each, and the printer's state. libcurl, one short request at a
 * time, each with a time limit: the daemon is on the same machine.
 */
#ifndef MACHIAI_PRINTER_CLIENT_H
#define MACHIAI_PRINTER_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#define CLIENT_TIMEOUT_MS 3000
#define CLIENT_BODY_MAX (1024 * 1024)

struct client;

/**
 * client_new() - a client of the daemon at @base ("http://127.0.0.1:8080")
 * writing with bearer @token (both copied).
 * Return: the client, to be freed with client_free(), or NULL.
 */
struct client *client_new(const char *base, const char *token);

/** client_free() - free @c; NULL is fine. */
void client_free(struct client *c);

/**
 * client_jobs() - GET /v1/printer/jobs.
 * Return: the body (malloc'd, NUL-terminated, *@len bytes; the caller
 * frees it), or NULL after logging why.
 */
char *client_jobs(struct client *c, size_t *len);

/**
 * client_result() - POST /v1/printer/jobs/@ticket/result: printed, or
 * failed with @problem (a problem code, or NULL).
 * Return: 0, or -1 after logging why.
 */
int client_result(struct client *c, const char *ticket, bool printed, const char *problem);

/**
 * client_report() - PUT /v1/printer with the problems of bit mask
 * @problems (1 << enum escpos_problem).
 * Return: 0, or -1 after logging why.
 */
int client_report(struct client *c, unsigned problems);

#endif
