/* SPDX-License-Identifier: MIT */
/*
 * scenario_sections.c - the top-level sections that are not parameter
 * tables: "expect" (bounds on summary values, whose paths are checked
 * against what the summary will hold) and "sweep" (axes kept as text for
 * `rxsim sweep`), "notes" and "sources" (what `rxsim import` read from a
 * host: free text, kept in the file only).
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/param.h"
#include "rxsim/scenario.h"
#include "rxsim/scenario.h"
#include "scenario_int.h"

/* "expect": { "SUMMARY.PATH": { "min": V, "max": V }, ... } */
int scenario__load_expect(struct loader *L, const cJSON *ex, struct scenario *sc)
{
	const cJSON *item;
	int n, i = 0;

	if (!ex)
		return 0;
	if (!cJSON_IsObject(ex))
		return scenario__error(L, "/expect", "expected an object of summary paths, got %s",
				 SHOWN(ex));
	n = cJSON_GetArraySize(ex);
	sc->expect = calloc(n ? (size_t)n : 1, sizeof(*sc->expect));
	if (!sc->expect)
		return RXSIM_EINTERNAL;
	cJSON_ArrayForEach(item, ex) {
		struct expect_cfg *e = &sc->expect[i];
		const cJSON *b;
		char path[256];

		scenario__child_path(path, sizeof(path), "/expect", item->string);
		for (b = ex->child; b != item; b = b->next)
			if (!strcmp(b->string, item->string))
				return scenario__error(L, path, "duplicate key");
		if (strlen(item->string) >= sizeof(e->path))
			return scenario__error(L, path, "summary path too long");
		strcpy(e->path, item->string);
		if (!cJSON_IsObject(item))
			return scenario__error(L, path,
					       "expected an object with \"min\" and/or \"max\", "
					 "got %s", SHOWN(item));
		cJSON_ArrayForEach(b, item) {
			char bpath[300], text[64], q[256];
			double *dst;
			bool *has;
			char *txt;

			scenario__child_path(bpath, sizeof(bpath), path, b->string);
			if (!strcmp(b->string, "min")) {
				dst = &e->min, has = &e->has_min, txt = e->min_text;
			} else if (!strcmp(b->string, "max")) {
				dst = &e->max, has = &e->has_max, txt = e->max_text;
			} else {
				return scenario__error(L, bpath,
						 "unknown key (expected \"min\" or \"max\")");
			}
			if (*has)
				return scenario__error(L, bpath, "duplicate key");
			if (cJSON_IsNumber(b) && isfinite(b->valuedouble)) {
				*dst = b->valuedouble;
				scenario__number_text(*dst, txt, 32, true);
			} else if (cJSON_IsString(b) && strlen(b->valuestring) < 32) {
				strcpy(text, b->valuestring);
				if (rxsim_expect_value(text, dst))
					return scenario__error(L, bpath, "expected a number or a "
							 "quantity (e.g. \"100us\"), got %s",
							 param_quote(text, 60, q, sizeof(q)));
				strcpy(txt, text);
			} else {
				return scenario__error(L, bpath, "expected a number or a quantity "
						 "string, got %s", SHOWN(b));
			}
			*has = true;
		}
		if (!e->has_min && !e->has_max)
			return scenario__error(L, path, "expected \"min\" and/or \"max\"");
		i++;
	}
	sc->n_expect = (uint32_t)i;
	return 0;
}

/* "sweep": { "PATH": [V, ...] | "FROM..TO/STEPS[log]" }: kept as text for
 * `rxsim sweep`, which resolves and validates it (other commands ignore it). */
int scenario__load_sweep(struct loader *L, const cJSON *sw, struct scenario *sc)
{
	const cJSON *item, *v;
	int i = 0;

	if (!sw)
		return 0;
	if (!cJSON_IsObject(sw))
		return scenario__error(L, "/sweep", "expected an object of PATH: [values] or "
				 "\"FROM..TO/STEPS\", got %s", SHOWN(sw));
	sc->sweep = calloc((size_t)cJSON_GetArraySize(sw) + 1, sizeof(*sc->sweep));
	if (!sc->sweep)
		return RXSIM_EINTERNAL;
	cJSON_ArrayForEach(item, sw) {
		struct sweep_axis_cfg *a = &sc->sweep[i];
		char path[256];

		scenario__child_path(path, sizeof(path), "/sweep", item->string);
		if (!*item->string || strlen(item->string) >= sizeof(a->path))
			return scenario__error(L, path, "expected a --set path of 1..%zu bytes",
					 sizeof(a->path) - 1);
		for (v = sw->child; v != item; v = v->next)
			if (!strcmp(v->string, item->string))
				return scenario__error(L, path, "duplicate key");
		strcpy(a->path, item->string);
		sc->n_sweep = (uint32_t)++i;
		if (cJSON_IsString(item) && strlen(item->valuestring) < sizeof(a->range)) {
			strcpy(a->range, item->valuestring);
			continue;
		}
		if (!cJSON_IsArray(item) || !cJSON_GetArraySize(item))
			return scenario__error(L, path, "expected a non-empty array of values or "
					 "\"FROM..TO/STEPS[log]\", got %s", SHOWN(item));
		a->values = calloc((size_t)cJSON_GetArraySize(item), sizeof(*a->values));
		if (!a->values)
			return RXSIM_EINTERNAL;
		cJSON_ArrayForEach(v, item) {
			char text[300];

			if (!scenario__scalar_text(v, text, sizeof(text)))
				a->values[a->n_values] = strdup(text);
			else if (cJSON_IsArray(v))
				a->values[a->n_values] = cJSON_PrintUnformatted(v);
			else
				return scenario__error(L, path,
						       "expected values (numbers, strings, "
						 "booleans or arrays), got %s", SHOWN(v));
			if (!a->values[a->n_values++])
				return RXSIM_EINTERNAL;
		}
	}
	return 0;
}

/* Every expect path names a number the summary will hold. */
int scenario__check_expect_paths(struct loader *L, const struct scenario *sc)
{
	char near[128], path[256];
	uint32_t bad = 0;
	int rc = L->expect_known ?
		 L->expect_known(sc, sc->expect, sc->n_expect, &bad, near, sizeof(near)) : 0;

	if (rc <= 0) {
		if (rc)
			snprintf(L->err->msg, sizeof(L->err->msg), "%s: out of memory", L->file);
		return rc;
	}
	scenario__child_path(path, sizeof(path), "/expect", sc->expect[bad].path);
	if (near[0])
		return scenario__error(L, path, "unknown summary value (did you mean \"%s\"?)",
				       near);
	return scenario__error(L, path,
			       "unknown summary value (names are those of the summary JSON, "
			 "e.g. drops.total, latency_ns.e2e.p99)");
}

/* "notes": ["text", ...]; "sources": {"PATH": "file line N", ...} */
int scenario__check_notes(struct loader *L, const cJSON *notes, const cJSON *sources)
{
	const cJSON *item;
	char path[256];
	int i = 0;

	if (notes && !cJSON_IsArray(notes))
		return scenario__error(L, "/notes", "expected an array of strings, got %s",
				       SHOWN(notes));
	cJSON_ArrayForEach(item, notes) {
		scenario__index_path(path, sizeof(path), "/notes", (unsigned)i++);
		if (!cJSON_IsString(item))
			return scenario__error(L, path, "expected a string, got %s", SHOWN(item));
	}
	if (sources && !cJSON_IsObject(sources))
		return scenario__error(L, "/sources", "expected an object of \"PATH\": \"where "
				       "it was read\", got %s", SHOWN(sources));
	cJSON_ArrayForEach(item, sources) {
		scenario__child_path(path, sizeof(path), "/sources", item->string);
		if (!cJSON_IsString(item))
			return scenario__error(L, path, "expected a string, got %s", SHOWN(item));
	}
	return 0;
}
