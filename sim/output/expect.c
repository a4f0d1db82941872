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

int rxsim_check_expect(const cJSON *summary, const struct expect_cfg *ex, uint32_t n, FILE *f,
		       struct rxsim_err *err)
{
	int failed = 0;
	uint32_t i;

	for (i = 0; i < n; i++) {
		const cJSON *v = rxsim_summary_lookup(summary, ex[i].path);
		double x;

		if (!v || !(cJSON_IsNumber(v) || cJSON_IsRaw(v))) {
			snprintf(err->msg, sizeof(err->msg),
				 "expect: \"%s\" is not a number in the summary (paths look like "
				 "drops.total, latency_ns.e2e.p99, cpus.0.share.idle)", ex[i].path);
			return RXSIM_EINPUT;
		}
		x = cJSON_IsRaw(v) ? strtod(v->valuestring, NULL) : v->valuedouble;
		if (ex[i].has_min && !(x >= ex[i].min)) {
			fprintf(f, "rxsim: expect failed: %s = %.17g, below min %s\n", ex[i].path, x,
				ex[i].min_text);
			failed++;
		}
		if (ex[i].has_max && !(x <= ex[i].max)) {
			fprintf(f, "rxsim: expect failed: %s = %.17g, above max %s\n", ex[i].path, x,
				ex[i].max_text);
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
