/* SPDX-License-Identifier: MIT */
/*
 * param_schema.c - `rxsim params --schema`: a JSON Schema (draft 2020-12)
 * of scenario files, generated from the parameter tables that validate
 * them, so an editor completes and checks keys with the loader's own
 * names, types, bounds and help.  The schema is looser than the loader
 * where JSON Schema cannot say it (cross-key checks, exact unit
 * arithmetic), never stricter: every scenario the loader accepts validates.
 */
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/param.h"
#include "rxsim/scenario.h"
#include "scenario_int.h"

#define NUM "[0-9]+(\\.[0-9]*)?|\\.[0-9]+"

/* The unit suffixes units_parse() takes, per kind (case as written there). */
static const char *unit_alternatives(enum param_type t)
{
	switch (t) {
	case PT_TIME:
		return "ps|ns|us|\xc2\xb5s|\xce\xbcs|ms|s";
	case PT_RATE:
		return "pps|kpps|Mpps|Gpps";
	case PT_BW:
		return "bps|kbps|Mbps|Gbps|Tbps|bit/s|kbit/s|Mbit/s|Gbit/s|Tbit/s";
	default:
		return "B|KB|MB|GB|KiB|MiB|GiB";
	}
}

static cJSON *string_pattern(const char *pattern)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "type", "string");
	cJSON_AddStringToObject(o, "pattern", pattern);
	return o;
}

static cJSON *number_range(const char *type, double lo, double hi)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "type", type);
	cJSON_AddNumberToObject(o, "minimum", lo);
	/* beyond 2^53 a double is not the bound: say none (looser) */
	if (hi < 9007199254740992.0)
		cJSON_AddNumberToObject(o, "maximum", hi);
	return o;
}

/* A quantity: a string with a unit (or a plain number, in the key's unit,
 * when it has one); the range is stated only for plain numbers, where it
 * is a number comparison. */
static void quantity(cJSON *o, const struct param *p)
{
	cJSON *any = cJSON_AddArrayToObject(o, "anyOf");
	char pat[512];

	snprintf(pat, sizeof(pat), "^\\s*(%s)\\s*(%s)%s\\s*$", NUM, unit_alternatives(p->type),
		 p->plain_scale ? "?" : "");
	cJSON_AddItemToArray(any, string_pattern(pat));
	if (p->plain_scale)
		cJSON_AddItemToArray(any, number_range("number", (double)p->min / (double)p->plain_scale,
						       (double)p->max / (double)p->plain_scale));
}

static cJSON *param_schema(const struct param *p)
{
	cJSON *o = cJSON_CreateObject(), *any, *a;
	char exp[256];
	int i;

	cJSON_AddStringToObject(o, "description", p->help);
	switch (p->type) {
	case PT_INT:
		if (scenario__int_as_string(p) || (p->flags & PF_AUTO)) {
			any = cJSON_AddArrayToObject(o, "anyOf");
			cJSON_AddItemToArray(any, number_range("integer", (double)p->min,
							       (double)p->max));
			if (scenario__int_as_string(p))
				cJSON_AddItemToArray(any, string_pattern("^[0-9]+$"));
			if (p->flags & PF_AUTO)
				cJSON_AddItemToArray(any, string_pattern("^auto$"));
		} else {
			cJSON *r = number_range("integer", (double)p->min, (double)p->max);

			while ((a = r->child)) {
				cJSON_DetachItemViaPointer(r, a);
				cJSON_AddItemToObject(o, a->string, a);
			}
			cJSON_Delete(r);
		}
		break;
	case PT_BOOL:
		cJSON_AddStringToObject(o, "type", "boolean");
		break;
	case PT_TIME:
	case PT_RATE:
	case PT_BW:
	case PT_SIZE:
		quantity(o, p);
		if (p->flags & PF_AUTO)
			cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(o, "anyOf"),
					     string_pattern("^auto$"));
		break;
	case PT_ENUM:
		a = cJSON_AddArrayToObject(o, "enum");
		for (i = 0; p->names[i]; i++)
			cJSON_AddItemToArray(a, cJSON_CreateString(p->names[i]));
		/* the loader matches a JSON number by its text: "hz": 1000 */
		for (i = 0; p->names[i]; i++)
			if (p->names[i][0] && strspn(p->names[i], "0123456789") == strlen(p->names[i]) &&
			    strlen(p->names[i]) < 16)
				cJSON_AddItemToArray(a, cJSON_CreateNumber(atof(p->names[i])));
		break;
	case PT_STRING:
		cJSON_AddStringToObject(o, "type", "string");
		if (p->min > 0)
			cJSON_AddNumberToObject(o, "minLength", (double)p->min);
		/* the buffer counts bytes, maxLength characters: as loose as the
		 * loader for ASCII, looser otherwise, never stricter */
		cJSON_AddNumberToObject(o, "maxLength", (double)(p->max - 1));
		break;
	case PT_COST:
		any = cJSON_AddArrayToObject(o, "anyOf");
		cJSON_AddItemToArray(any, number_range("number", 0, (double)p->max / 1000.0));
		cJSON_AddItemToArray(any, string_pattern(
			"^\\s*((" NUM ")\\s*(ps|ns|us|\xc2\xb5s|\xce\xbcs|ms|s)?|"
			"(exp|uniform|lognormal)\\(.*\\))\\s*$"));
		break;
	case PT_CPULIST:
		any = cJSON_AddArrayToObject(o, "anyOf");
		a = cJSON_CreateObject();
		cJSON_AddStringToObject(a, "type", "array");
		cJSON_AddItemToObject(a, "items", number_range("integer", (double)p->min,
								(double)p->max));
		cJSON_AddNumberToObject(a, "maxItems", 512);
		cJSON_AddItemToArray(any, a);
		cJSON_AddItemToArray(any, string_pattern("^([0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*)?$"));
		if (p->unit && !strcmp(p->unit, "cpus"))
			cJSON_AddItemToArray(any, string_pattern(
				"^0[xX][0-9a-fA-F]{1,8}(,[0-9a-fA-F]{8})*$"));
		break;
	case PT_KVER:
		cJSON_AddItemToObject(o, "type", cJSON_CreateString("string"));
		cJSON_AddStringToObject(o, "pattern", "^[0-9]+\\.[0-9]+$");
		break;
	case PT_SPEC:
		a = cJSON_AddArrayToObject(o, "type");
		cJSON_AddItemToArray(a, cJSON_CreateString("string"));
		cJSON_AddItemToArray(a, cJSON_CreateString("number"));
		break;
	}
	/* what `rxsim params` says it takes, for a hover */
	if (p->def)
		cJSON_AddStringToObject(o, "x-rxsim-default", p->def);
	cJSON_AddStringToObject(o, "x-rxsim-expected", param_expected(p, exp, sizeof(exp)));
	return o;
}

static cJSON *section_schema(const struct section *sec)
{
	cJSON *o = cJSON_CreateObject(), *props, *req = NULL;
	const struct param *p;
	const struct section *s;

	cJSON_AddStringToObject(o, "type", "object");
	if (sec->help)
		cJSON_AddStringToObject(o, "description", sec->help);
	props = cJSON_AddObjectToObject(o, "properties");
	for (p = sec->params; p && p->key; p++) {
		cJSON_AddItemToObject(props, p->key, param_schema(p));
		if (p->flags & PF_REQUIRED) {
			if (!req)
				req = cJSON_CreateArray();
			cJSON_AddItemToArray(req, cJSON_CreateString(p->key));
		}
	}
	for (s = sec->subs; s && s->key; s++) {
		cJSON *sub = section_schema(s);

		if (s->kind == SEC_ARRAY) {
			cJSON *arr = cJSON_CreateObject();

			cJSON_AddStringToObject(arr, "type", "array");
			if (s->help)
				cJSON_AddStringToObject(arr, "description", s->help);
			cJSON_AddNumberToObject(arr, "maxItems", s->max_elems);
			cJSON_AddItemToObject(arr, "items", sub);
			sub = arr;
		}
		cJSON_AddItemToObject(props, s->key, sub);
	}
	if (req)
		cJSON_AddItemToObject(o, "required", req);
	cJSON_AddFalseToObject(o, "additionalProperties");
	return o;
}

cJSON *param_json_schema(const char *version)
{
	cJSON *root = cJSON_CreateObject(), *body = section_schema(&scenario_root), *it, *props;
	cJSON *bound, *bprops;
	char title[64];

	cJSON_AddStringToObject(root, "$schema", "https://json-schema.org/draft/2020-12/schema");
	snprintf(title, sizeof(title), "rxsim %s scenario", version);
	cJSON_AddStringToObject(root, "title", title);
	/* the root section's members follow the document's header */
	while ((it = body->child)) {
		cJSON_DetachItemViaPointer(body, it);
		cJSON_AddItemToObject(root, it->string, it);
	}
	cJSON_Delete(body);
	props = cJSON_GetObjectItemCaseSensitive(root, "properties");
	it = cJSON_CreateObject();
	cJSON_AddStringToObject(it, "type", "string");
	cJSON_AddStringToObject(it, "description", "this schema, for editors (ignored by rxsim)");
	cJSON_AddItemToObject(props, "$schema", it);
	/* expect: {"SUMMARY.PATH": {"min": V, "max": V}} */
	bound = cJSON_CreateObject();
	cJSON_AddStringToObject(bound, "type", "object");
	bprops = cJSON_AddObjectToObject(bound, "properties");
	it = cJSON_CreateObject();
	cJSON_AddItemToObject(it, "type", cJSON_CreateStringArray((const char *const[]){
		"number", "string" }, 2));
	cJSON_AddItemToObject(bprops, "min", it);
	cJSON_AddItemToObject(bprops, "max", cJSON_Duplicate(it, true));
	cJSON_AddFalseToObject(bound, "additionalProperties");
	it = cJSON_CreateObject();
	cJSON_AddStringToObject(it, "type", "object");
	cJSON_AddStringToObject(it, "description", "bounds on summary values "
				"(\"latency_ns.e2e.p99\": {\"max\": \"100us\"}); a failed bound exits 1");
	cJSON_AddItemToObject(it, "additionalProperties", bound);
	cJSON_AddItemToObject(props, "expect", it);
	/* sweep: {"PATH": [V, ...] or "FROM..TO/STEPS"} */
	it = cJSON_CreateObject();
	cJSON_AddStringToObject(it, "type", "object");
	cJSON_AddStringToObject(it, "description", "sweep axes: {\"PATH\": [V, ...] or "
				"\"FROM..TO/STEPS[log]\"}, as --set of 'rxsim sweep'");
	bound = cJSON_CreateObject();
	cJSON_AddItemToObject(bound, "type", cJSON_CreateStringArray((const char *const[]){
		"array", "string" }, 2));
	cJSON_AddItemToObject(it, "additionalProperties", bound);
	cJSON_AddItemToObject(props, "sweep", it);
	/* notes and sources: what `rxsim import` read, kept in the file only */
	it = cJSON_CreateObject();
	cJSON_AddStringToObject(it, "type", "array");
	cJSON_AddStringToObject(it, "description", "free text: settings read from a host that "
				"have no scenario key (rxsim import)");
	cJSON_AddItemToObject(it, "items", bound = cJSON_CreateObject());
	cJSON_AddStringToObject(bound, "type", "string");
	cJSON_AddItemToObject(props, "notes", it);
	it = cJSON_CreateObject();
	cJSON_AddStringToObject(it, "type", "object");
	cJSON_AddStringToObject(it, "description", "where each value was read: {\"PATH\": "
				"\"FILE line N\"} (rxsim import)");
	cJSON_AddItemToObject(it, "additionalProperties", bound = cJSON_CreateObject());
	cJSON_AddStringToObject(bound, "type", "string");
	cJSON_AddItemToObject(props, "sources", it);
	return root;
}
