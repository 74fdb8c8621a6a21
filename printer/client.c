/* SPDX-License-Identifier: MIT */
#include "printer/client.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/log.h"
#include "printer/escpos.h"

struct client {
	CURL *curl;
	char base[512];
	char auth[300];
	bool failing; /* the last request failed: log the next failure only when it changes */
};

struct client_body {
	char *data;
	size_t len;
	bool too_big;
};

static size_t client_write(char *ptr, size_t size, size_t n, void *arg)
{
	struct client_body *b = arg;
	size_t add = size * n;
	char *nd;

	if (b->too_big || b->len + add > CLIENT_BODY_MAX) {
		b->too_big = true;
		return 0;
	}
	nd = realloc(b->data, b->len + add + 1);
	if (!nd)
		return 0;
	b->data = nd;
	memcpy(b->data + b->len, ptr, add);
	b->len += add;
	b->data[b->len] = '\0';
	return add;
}

struct client *client_new(const char *base, const char *token)
{
	struct client *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->curl = curl_easy_init();
	if (!c->curl || strlen(base) >= sizeof(c->base) || strlen(token) > 256) {
		client_free(c);
		return NULL;
	}
	snprintf(c->base, sizeof(c->base), "%s", base);
	while (c->base[0] && c->base[strlen(c->base) - 1] == '/')
		c->base[strlen(c->base) - 1] = '\0';
	snprintf(c->auth, sizeof(c->auth), "Authorization: Bearer %s", token);
	return c;
}

void client_free(struct client *c)
{
	if (!c)
		return;
	if (c->curl)
		curl_easy_cleanup(c->curl);
	free(c);
}

/* @method @path with JSON @body (NULL: none); the answer into @out. Return: the HTTP status or -1. */
static long client_request(struct client *c, const char *method, const char *path, const char *body,
			   struct client_body *out)
{
	struct curl_slist *h = NULL;
	char url[1024];
	long status = -1;
	CURLcode rc;

	snprintf(url, sizeof(url), "%s%s", c->base, path);
	curl_easy_reset(c->curl);
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, (long)CLIENT_TIMEOUT_MS);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, client_write);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, out);
	if (body) {
		h = curl_slist_append(h, "Content-Type: application/json");
		h = curl_slist_append(h, c->auth);
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body);
	}
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, h);
	rc = curl_easy_perform(c->curl);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	if (rc != CURLE_OK || status < 200 || status > 299) {
		if (!c->failing) {
			if (rc != CURLE_OK)
				log_warn("daemon: %s %s: %s", method, url, curl_easy_strerror(rc));
			else
				log_warn("daemon: %s %s: HTTP %ld %.200s", method, url, status,
					 out->data ? out->data : "");
		}
		c->failing = true;
		return -1;
	}
	if (c->failing)
		log_info("daemon: %s answers again", c->base);
	c->failing = false;
	return status;
}

char *client_jobs(struct client *c, size_t *len)
{
	struct client_body b = { 0 };

	if (client_request(c, "GET", "/v1/printer/jobs", NULL, &b) < 0 || !b.data) {
		free(b.data);
		return NULL;
	}
	*len = b.len;
	return b.data;
}

int client_result(struct client *c, const char *ticket, bool printed, const char *problem)
{
	struct client_body b = { 0 };
	char path[256], body[128];
	char *esc = curl_easy_escape(c->curl, ticket, 0);
	long rc;

	if (!esc)
		return -1;
	snprintf(path, sizeof(path), "/v1/printer/jobs/%s/result", esc);
	curl_free(esc);
	if (printed || !problem)
		snprintf(body, sizeof(body), "{\"result\":\"%s\"}", printed ? "printed" : "failed");
	else
		snprintf(body, sizeof(body), "{\"result\":\"failed\",\"problem\":\"%s\"}", problem);
	rc = client_request(c, "POST", path, body, &b);
	free(b.data);
	return rc < 0 ? -1 : 0;
}

int client_report(struct client *c, unsigned problems)
{
	struct client_body b = { 0 };
	char body[256] = "{\"problems\":[";
	size_t n = strlen(body);
	long rc;

	for (int i = 0; i < ESCPOS_PROBLEM_COUNT; i++) {
		if (problems & (1u << i))
			n += (size_t)snprintf(body + n, sizeof(body) - n, "%s\"%s\"",
					      body[n - 1] == '[' ? "" : ",",
					      escpos_problem_code(i));
	}
	snprintf(body + n, sizeof(body) - n, "]}");
	rc = client_request(c, "PUT", "/v1/printer", body, &b);
	free(b.data);
	return rc < 0 ? -1 : 0;
}
