/* SPDX-License-Identifier: MIT */
/*
 * expect.c - bounds on summary values ("expect" in a scenario, --expect on
 * the command line) checked against the summary, so a CI job can gate a
 * tuning change on exit code 1; and the loader as every command uses it,
 * with the check that each expect path names a summary value.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/quote.h"
#include "rxsim/run.h"
#include "rxsim/scenario.h"

/* "a.b.0.c": object keys and array indices separated by dots. */
const cJSON *rxsim_summary_lookup(const cJSON *root, const char *path)
{
	char seg[128];
	const cJSON *n = root;

	while (*path && n) {
		size_t l = strcspn(path, ".");

		if (l >= sizeof(seg))
			return NULL;
		memcpy(seg, path, l);
		seg[l] = '\0';
		if (cJSON_IsArray(n)) {
			char *end;
			long i = strtol(seg, &end, 10);

			n = *end ? NULL : cJSON_GetArrayItem(n, (int)i);
		} else {
			n = cJSON_GetObjectItemCaseSensitive(n, seg);
		}
		path += l + (path[l] == '.');
	}
	return n;
}

/*
 * @x (in the summary's unit: ns, pps, bytes, bit/s) in the unit of @bound
 * when the bound was written with one ("100us": "684.1us (684123)"), so the
 * two numbers of a failure read side by side; else @x alone.
 */
static const char *in_bound_unit(double x, const char *bound, char *buf, size_t len)
{
	static const enum unit_kind kinds[] = { UNIT_TIME, UNIT_RATE, UNIT_SIZE, UNIT_BW };
	const char *why, *suffix = bound + strspn(bound, "0123456789.+-eE");
	char one[40];
	size_t k;
	int64_t b, unit;

	snprintf(one, sizeof(one), "1%s", suffix);
	for (k = 0; *suffix && strlen(suffix) < 30 && k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		/* time and rate are kept in ps and millipackets/s, the summary
		 * shows ns and pps */
		double base = kinds[k] == UNIT_TIME || kinds[k] == UNIT_RATE ? 1000.0 : 1.0;

		if (units_parse(bound, kinds[k], 0, &b, &why) ||
		    units_parse(one, kinds[k], 0, &unit, &why) || unit <= 0)
			continue;
		snprintf(buf, len, "%.6g%s (%.17g)", x * base / (double)unit, suffix, x);
		return buf;
	}
	snprintf(buf, len, "%.17g", x);
	return buf;
}

int rxsim_check_expect(const cJSON *summary, const struct expect_cfg *ex, uint32_t n, FILE *f,
		       struct rxsim_err *err)
{
	int failed = 0;
	uint32_t i;

	for (i = 0; i < n; i++) {
		const cJSON *v = rxsim_summary_lookup(summary, ex[i].path);
		char shown[96];
		double x;

		if (!v || !(cJSON_IsNumber(v) || cJSON_IsRaw(v))) {
			char q[160];

			snprintf(err->msg, sizeof(err->msg),
				 "expect: %s is not a number in the summary (paths look like "
				 "drops.total, latency_ns.e2e.p99, cpus.0.share.idle)",
				 msg_quote(ex[i].path, 120, q, sizeof(q)));
			return RXSIM_EINPUT;
		}
		x = cJSON_IsRaw(v) ? strtod(v->valuestring, NULL) : v->valuedouble;
		if (ex[i].has_min && !(x >= ex[i].min)) {
			fprintf(f, "rxsim: expect failed: %s = %s, below min %s\n", ex[i].path,
				in_bound_unit(x, ex[i].min_text, shown, sizeof(shown)), ex[i].min_text);
			failed++;
		}
		if (ex[i].has_max && !(x <= ex[i].max)) {
			fprintf(f, "rxsim: expect failed: %s = %s, above max %s\n", ex[i].path,
				in_bound_unit(x, ex[i].max_text, shown, sizeof(shown)), ex[i].max_text);
			failed++;
		}
	}
	return failed;
}

int rxsim_expect_known(const struct scenario *sc, const struct expect_cfg *ex, uint32_t n,
		       uint32_t *bad, char *near, size_t nearlen)
{
	char **paths;
	size_t np = 0, j;
	uint32_t i;
	int rc = 0;

	if (!n)
		return 0;
	paths = rxsim_summary_paths(sc);
	if (!paths)
		return RXSIM_EINTERNAL;
	while (paths[np])
		np++;
	for (i = 0; i < n && !rc; i++) {
		const char *best;

		for (j = 0; j < np && strcmp(paths[j], ex[i].path); j++)
			;
		if (j < np)
			continue;
		best = param_nearest(ex[i].path, (const char *const *)paths, np);
		snprintf(near, nearlen, "%s", best ? best : "");
		*bad = i;
		rc = 1;
	}
	rxsim_summary_paths_free(paths);
	return rc;
}

int scenario_load(const char *path, const char *const *sets, int nsets, struct scenario *sc,
		  struct rxsim_err *err)
{
	return scenario_load_with(path, sets, nsets, rxsim_expect_known, sc, err);
}

int scenario_load_buffer(const char *name, const char *buf, size_t len,
			 const char *const *sets, int nsets, struct scenario *sc,
			 struct rxsim_err *err)
{
	return scenario_load_buffer_with(name, buf, len, sets, nsets, rxsim_expect_known, sc, err);
}
