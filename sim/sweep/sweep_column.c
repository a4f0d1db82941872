/* SPDX-License-Identifier: MIT */
/*
 * sweep_column.c - --column: any number of the summary as a result column
 * of a sweep.  "drops.total", "cpus.1.share.app", or one array written
 * NAME[] with an aggregate over its elements: "cpus[].share.softirq:max"
 * (the busiest CPU), ":min", ":sum", ":mean".
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/run.h"
#include "rxsim/scenario.h"
#include "rxsim/sweep.h"
#include "sweep_int.h"

enum col_agg { COL_ONE, COL_MAX, COL_MIN, COL_SUM, COL_MEAN };

struct column {
	char before[256];	/* path up to the array, or the whole path */
	char after[256];	/* path inside each element ("" for the element) */
	enum col_agg agg;
};

static int parse_column(const char *spec, struct column *c, char *err, size_t errlen)
{
	static const char *const aggs[] = { "", "max", "min", "sum", "mean" };
	const char *colon = strrchr(spec, ':'), *br;
	char path[256];
	size_t pl;
	int a;

	/* Keys may hold ':' ("drops.by_counter.Udp: NoPorts"): only a final
	 * lower-case word after the last ':' is an aggregate. */
	if (colon && (!colon[1] || colon[strspn(colon + 1, "abcdefghijklmnopqrstuvwxyz") + 1]))
		colon = NULL;
	pl = colon ? (size_t)(colon - spec) : strlen(spec);
	memset(c, 0, sizeof(*c));
	if (!pl || pl >= sizeof(path)) {
		snprintf(err, errlen, "expected a summary path (e.g. drops.total, "
			 "cpus[].share.softirq:max)");
		return -1;
	}
	memcpy(path, spec, pl);
	path[pl] = '\0';
	if (colon) {
		for (a = 1; a < 5 && strcmp(colon + 1, aggs[a]); a++)
			;
		if (a == 5) {
			snprintf(err, errlen, "unknown aggregate ':%s' (expected :max, :min, "
				 ":sum or :mean)", colon + 1);
			return -1;
		}
		c->agg = (enum col_agg)a;
	}
	br = strstr(path, "[]");
	if (!br != (c->agg == COL_ONE)) {
		snprintf(err, errlen, br ? "NAME[] needs an aggregate: :max, :min, :sum or :mean"
				      : "an aggregate needs an array written NAME[] "
					"(e.g. cpus[].share.softirq:max)");
		return -1;
	}
	if (!br) {
		snprintf(c->before, sizeof(c->before), "%s", path);
		return 0;
	}
	if (br == path || strstr(br + 2, "[]") || (br[2] && br[2] != '.')) {
		snprintf(err, errlen, "expected one array, as NAME[] or NAME[].PATH");
		return -1;
	}
	snprintf(c->before, sizeof(c->before), "%.*s", (int)(br - path), path);
	snprintf(c->after, sizeof(c->after), "%s", br[2] ? br + 3 : "");
	return 0;
}

int sweep_column_syntax(const char *spec, char *err, size_t errlen)
{
	struct column c;

	return parse_column(spec, &c, err, errlen);
}

/* The number at @v as the summary wrote it; "" for null (nothing to
 * measure, e.g. no latency when nothing was delivered); NULL otherwise. */
static const char *cell_text(const cJSON *v, char *buf, size_t len)
{
	if (cJSON_IsRaw(v))
		return v->valuestring;
	if (cJSON_IsNumber(v))
		return sweep_format_double(v->valuedouble, buf, len);
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? "1" : "0";
	if (cJSON_IsNull(v))
		return "";
	return NULL;
}

int sweep_column_field(const cJSON *summary, const char *spec, char *buf, size_t len,
		       char *err, size_t errlen)
{
	const cJSON *arr, *e;
	struct column c;
	double acc = 0, x;
	const char *best = NULL, *t;
	char tb[48], bestbuf[48];
	bool ints = true;
	unsigned long long isum = 0;
	int n = 0;

	if (parse_column(spec, &c, err, errlen))
		return -1;
	if (c.agg == COL_ONE) {
		t = cell_text(rxsim_summary_lookup(summary, c.before), tb, sizeof(tb));
		if (!t) {
			snprintf(err, errlen, "--column %s: not a number in the summary", spec);
			return -1;
		}
		snprintf(buf, len, "%s", t);
		return 0;
	}
	arr = rxsim_summary_lookup(summary, c.before);
	if (!cJSON_IsArray(arr)) {
		snprintf(err, errlen, "--column %s: %s is not an array in the summary", spec,
			 c.before);
		return -1;
	}
	cJSON_ArrayForEach(e, arr) {
		t = cell_text(c.after[0] ? rxsim_summary_lookup(e, c.after) : e, tb, sizeof(tb));
		if (!t) {
			snprintf(err, errlen, "--column %s: element %d: not a number in the summary",
				 spec, n);
			return -1;
		}
		if (!*t)
			continue;	/* null: nothing measured there */
		x = strtod(t, NULL);
		if (strpbrk(t, ".eE-"))
			ints = false;
		else
			isum += strtoull(t, NULL, 10);
		if (c.agg == COL_SUM || c.agg == COL_MEAN)
			acc += x;
		else if (!best || (c.agg == COL_MAX ? x > acc : x < acc)) {
			/* the extreme as written: exact, whatever its digits */
			snprintf(bestbuf, sizeof(bestbuf), "%s", t);
			best = bestbuf;
			acc = x;
		}
		n++;
	}
	if (!n)
		snprintf(buf, len, "%s", "");
	else if (c.agg == COL_SUM && ints)
		snprintf(buf, len, "%llu", isum);
	else if (c.agg == COL_SUM)
		sweep_format_double(acc, buf, len);
	else if (c.agg == COL_MEAN)
		sweep_format_double(acc / n, buf, len);
	else
		snprintf(buf, len, "%s", best);
	return 0;
}

int sweep_columns_known(const struct sweep *sw, struct rxsim_err *err)
{
	struct scenario sc;
	char **paths, **sets = NULL, msg[200];
	size_t np = 0, j;
	uint32_t i;
	int rc, n;

	if (!sw->ncolumns)
		return 0;
	n = sweep_run_sets(sw, 0, 0, &sets);
	if (n < 0) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return RXSIM_EINTERNAL;
	}
	rc = sweep__load(sw, (const char *const *)sets, n, &sc, err);
	sweep_free_sets(sets);
	if (rc)
		return rc;
	paths = rxsim_summary_paths(&sc);
	scenario_free(&sc);
	if (!paths) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return RXSIM_EINTERNAL;
	}
	while (paths[np])
		np++;
	for (i = 0; i < sw->ncolumns && !rc; i++) {
		struct column c;
		char want[600];
		const char *near;

		if (parse_column(sw->columns[i], &c, msg, sizeof(msg))) {
			snprintf(err->msg, sizeof(err->msg), "--column %s: %s", sw->columns[i], msg);
			rc = RXSIM_EINPUT;
			break;
		}
		/* an array is known by its first element (every scenario has one) */
		snprintf(want, sizeof(want), "%s%s%s%s", c.before, c.agg == COL_ONE ? "" : ".0",
			 c.after[0] ? "." : "", c.after);
		for (j = 0; j < np && strcmp(paths[j], want); j++)
			;
		if (j < np)
			continue;
		near = param_nearest(want, (const char *const *)paths, np);
		snprintf(err->msg, sizeof(err->msg), "--column %s: no number %s in the summary%s%s%s",
			 sw->columns[i], want, near ? " (did you mean \"" : "", near ? near : "",
			 near ? "\"?)" : "");
		rc = RXSIM_EINPUT;
	}
	rxsim_summary_paths_free(paths);
	return rc;
}
