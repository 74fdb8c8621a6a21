/* SPDX-License-Identifier: MIT */
#include "feed/ngsi.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/civil.h"

/* The number at the end of a label such as "A-023", or -1. */
static long label_number(const char *label)
{
	const char *p = label + strlen(label);
	char *end;
	long v;

	while (p > label && p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (!*p)
		return -1;
	errno = 0;
	v = strtol(p, &end, 10);
	return errno || *end ? -1 : v;
}

static const char *service_word(const char *s)
{
	if (strcmp(s, "open") == 0)
		return "Open";
	if (strcmp(s, "suspended") == 0)
		return "Suspended";
	return "Closed";
}

/* NGSI forbids some characters in ids and values: < > " ' = ; ( ) */
static void ngsi_clean(char *s)
{
	for (; *s; s++)
		if (strchr("<>\"'=;()", *s))
			*s = ' ';
}

static json_t *string_clean(const char *s)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "%s", s);
	ngsi_clean(buf);
	return json_string(buf);
}

json_t *ngsi_entities(const json_t *status, int64_t now_ms, int offset_min, char *err,
		      size_t errsize)
{
	const json_t *office = json_object_get(status, "office");
	const json_t *oid = json_object_get(office, "id");
	const json_t *oname = json_object_get(json_object_get(office, "name"), "ja");
	const json_t *service = json_object_get(status, "service");
	const json_t *sstatus = json_object_get(service, "status");
	const json_t *note = json_object_get(json_object_get(service, "notice"), "ja");
	const json_t *cats = json_object_get(status, "categories");
	const json_t *occ = json_object_get(status, "occupancy");
	const json_t *c;
	char when[32], id[256];
	json_t *out;
	size_t i;

	if (!json_is_string(oid) || !json_is_string(oname) || !json_is_string(sstatus) ||
	    !json_is_array(cats)) {
		snprintf(err, errsize,
			 "$.office.id, $.office.name.ja, $.service.status, $.categories: missing");
		return NULL;
	}
	civil_iso8601(now_ms, offset_min, when, sizeof(when));
	out = json_array();
	json_array_foreach(cats, i, c)
	{
		const json_t *cid = json_object_get(c, "id");
		const json_t *cname = json_object_get(json_object_get(c, "name"), "ja");
		const json_t *waiting = json_object_get(c, "waiting");
		const json_t *issued = json_object_get(c, "last_issued");
		const json_t *called = json_object_get(c, "last_called");
		json_t *e;

		if (!json_is_string(cid) || !json_is_string(cname) || !json_is_integer(waiting)) {
			snprintf(err, errsize, "$.categories[%zu]: id, name.ja, waiting missing",
				 i);
			json_decref(out);
			return NULL;
		}
		snprintf(id, sizeof(id), "urn:ngsi-ld:QueueMonitor:%s:%s", json_string_value(oid),
			 json_string_value(cid));
		ngsi_clean(id);
		e = json_pack(
			"{sssssssososososssosssOss}", "id", id, "type", "QueueMonitor",
			"dateModified", when, "officeName", string_clean(json_string_value(oname)),
			"serviceName", string_clean(json_string_value(cname)), "serviceId",
			string_clean(json_string_value(cid)), "queueLine",
			string_clean(json_string_value(cid)), "serviceStatus",
			service_word(json_string_value(sstatus)), "serviceStatusNote",
			string_clean(json_is_string(note) ? json_string_value(note) : ""), "source",
			"machiai", "ticketsToServe", waiting, "localId", json_string_value(cid));
		if (json_is_string(issued)) {
			long n = label_number(json_string_value(issued));

			json_object_set_new(e, "lastTicketIssuedLabel",
					    string_clean(json_string_value(issued)));
			if (n >= 0)
				json_object_set_new(e, "lastTicketIssued", json_integer(n));
		}
		if (json_is_string(called)) {
			long n = label_number(json_string_value(called));

			json_object_set_new(e, "ticketServedLabel",
					    string_clean(json_string_value(called)));
			if (n >= 0)
				json_object_set_new(e, "ticketServed", json_integer(n));
		}
		json_array_append_new(out, e);
	}
	if (json_is_object(occ) && json_is_integer(json_object_get(occ, "count"))) {
		const json_t *pct = json_object_get(occ, "percent");
		const json_t *lv = json_object_get(json_object_get(occ, "level"), "value");
		json_t *e;

		snprintf(id, sizeof(id), "urn:ngsi-ld:CrowdFlowObserved:%s:entrance",
			 json_string_value(oid));
		ngsi_clean(id);
		e = json_pack("{sssssssOsb}", "id", id, "type", "CrowdFlowObserved", "dateObserved",
			      when, "peopleCount", json_object_get(occ, "count"), "congested",
			      json_is_integer(lv) && json_integer_value(lv) >= 2);
		if (json_is_integer(pct))
			json_object_set_new(e, "occupancy",
					    json_real((double)json_integer_value(pct) / 100.0));
		json_array_append_new(out, e);
	}
	return out;
}

json_t *ngsi_batch(json_t *entities)
{
	return json_pack("{ssso}", "actionType", "append", "entities", entities);
}
