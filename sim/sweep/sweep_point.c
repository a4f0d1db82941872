/* SPDX-License-Identifier: MIT */
/*
 * sweep_point.c - one point of a sweep: the --set list of a repetition, a
 * repetition run in this process (what a worker does) with its line
 * protocol, and the repetitions' results gathered into the point's CSV
 * cells (means and 95% confidence half-widths when repeated).
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/run.h"
#include "rxsim/scenario.h"
#include "rxsim/sweep.h"
#include "sweep_int.h"

int sweep_run_sets(const struct sweep *sw, uint64_t point, uint32_t rep, char ***store)
{
	uint32_t *n = calloc((size_t)sw->naxes + 1, sizeof(*n));
	uint32_t *idx = calloc((size_t)sw->naxes + 1, sizeof(*idx));
	int total = sw->nplain + (int)sw->naxes + 1, k = 0, i;
	char **s = calloc((size_t)total + 1, sizeof(*s));
	uint32_t a;

	*store = s;
	if (!n || !idx || !s)
		goto oom;
	for (a = 0; a < sw->naxes; a++)
		n[a] = sw->axes[a].n;
	sweep_point_indices(n, sw->naxes, point, idx);
	for (i = 0; i < sw->nplain; i++)
		if (!(s[k++] = sweep__strndup(sw->plain[i], strlen(sw->plain[i]))))
			goto oom;
	for (a = 0; a < sw->naxes; a++) {
		const char *v = sw->axes[a].values[idx[a]];

		s[k] = malloc(strlen(sw->axes[a].path) + strlen(v) + 2);
		if (!s[k])
			goto oom;
		sprintf(s[k++], "%s=%s", sw->axes[a].path, v);
	}
	if (rep) {
		s[k] = malloc(32);
		if (!s[k])
			goto oom;
		snprintf(s[k++], 32, "seed=%" PRId64, sw->points[point].seed + (int64_t)rep);
	}
	free(n);
	free(idx);
	return k;
oom:
	free(n);
	free(idx);
	sweep_free_sets(s);
	*store = NULL;
	return -1;
}

void sweep_free_sets(char **store)
{
	char **p;

	for (p = store; p && *p; p++)
		free(*p);
	free(store);
}

/* Each line of what rxsim_check_expect() printed, as "E ..." lines. */
static void expect_lines(struct sweep_buf *out, const char *text)
{
	while (text && *text) {
		size_t l = strcspn(text, "\n");

		if (!strncmp(text, "rxsim: ", 7)) {
			text += 7;
			l -= 7;
		}
		swb_puts(out, "E ");
		swb_put(out, text, l);
		swb_put(out, "\n", 1);
		text += l + (text[l] == '\n');
	}
}

/*
 * --keep: the summary of a run as KEEP/point-I.json (point-I-rep-R.json
 * when repeated), written whole or not at all.  No wall time in it, so the
 * files are the same at any --jobs.
 */
static int keep_summary(const struct sweep *sw, uint64_t point, uint32_t rep,
			const cJSON *summary, struct rxsim_err *err)
{
	char path[4200], *text = cJSON_Print(summary);
	int rc;

	if (!text) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return RXSIM_EINTERNAL;
	}
	if (sw->reps > 1)
		snprintf(path, sizeof(path), "%s/point-%" PRIu64 "-rep-%" PRIu32 ".json", sw->keep,
			 point, rep);
	else
		snprintf(path, sizeof(path), "%s/point-%" PRIu64 ".json", sw->keep, point);
	rc = rxsim_write_file(path, text, strlen(text), err);
	cJSON_free(text);
	return rc;
}

int sweep_run_one(const struct sweep *sw, uint64_t point, uint32_t rep, struct sweep_buf *out)
{
	struct rxsim_err err = { { 0 } };
	struct rxsim_run *r = NULL;
	struct scenario sc;
	cJSON *summary = NULL;
	char **sets = NULL, fields[SWEEP_NRESULTS][48];
	int n, rc, status = SWEEP_EINTERNAL, failed = 0, i;
	struct sweep_buf cols = { 0 };
	uint32_t c;
	char *mem = NULL;
	size_t memlen = 0;
	FILE *mf;

	n = sweep_run_sets(sw, point, rep, &sets);
	if (n < 0) {
		swb_puts(out, "X out of memory\n");
		return SWEEP_EINTERNAL;
	}
	rc = sweep__load(sw, (const char *const *)sets, n, &sc, &err);
	sweep_free_sets(sets);
	if (rc) {
		swb_printf(out, "X %s\n", err.msg);
		return rc == RXSIM_EINPUT ? SWEEP_EINPUT : SWEEP_EINTERNAL;
	}
	r = malloc(sizeof(*r));
	if (!r) {
		swb_puts(out, "X out of memory\n");
		goto out_sc;
	}
	rc = rxsim_run(r, &sc, NULL, &err);
	if (rc) {
		swb_printf(out, "X %s\n", err.msg);
		goto out_run;
	}
	summary = rxsim_summary(r, false);
	if (!summary || sweep_result_fields(summary, fields, SWEEP_NRESULTS)) {
		swb_puts(out, "X internal error: a result is missing from the summary\n");
		goto out_run;
	}
	if (sw->keep && keep_summary(sw, point, rep, summary, &err)) {
		swb_printf(out, "X %s\n", err.msg);
		goto out_run;
	}
	for (c = 0; c < sw->ncolumns; c++) {
		char cell[64], why[300];

		if (sweep_column_field(summary, sw->columns[c], cell, sizeof(cell), why,
				       sizeof(why))) {
			swb_printf(out, "X %s\n", why);
			swb_free(&cols);
			status = SWEEP_EINPUT;
			goto out_run;
		}
		swb_printf(&cols, ",%s", cell);
	}
	if (cols.oom) {
		swb_free(&cols);
		swb_puts(out, "X out of memory\n");
		goto out_run;
	}
	swb_puts(out, "R ");
	for (i = 0; i < SWEEP_NRESULTS; i++)
		swb_printf(out, "%s%s", i ? "," : "", fields[i]);
	if (cols.s)
		swb_puts(out, cols.s);
	swb_free(&cols);
	swb_put(out, "\n", 1);
	mf = open_memstream(&mem, &memlen);
	if (!mf) {
		swb_puts(out, "X out of memory\n");
		goto out_run;
	}
	rc = rxsim_check_expect(summary, sc.expect, sc.n_expect, mf, &err);
	if (rc >= 0) {
		failed = rc;
		rc = rxsim_check_expect(summary, sw->expect, sw->nexpect, mf, &err);
	}
	fclose(mf);
	expect_lines(out, mem);
	free(mem);
	if (rc < 0) {
		swb_printf(out, "X %s\n", err.msg);
		status = SWEEP_EINPUT;
		goto out_run;
	}
	failed += rc;
	status = failed ? SWEEP_EXPECT : SWEEP_OK;
out_run:
	cJSON_Delete(summary);
	if (r)
		rxsim_run_free(r);
	free(r);
out_sc:
	scenario_free(&sc);
	if (out->oom)
		status = SWEEP_EINTERNAL;
	return status;
}

/* ---- results of a point ------------------------------------------------- */

static void point_prefix(const struct sweep *sw, uint64_t point, uint32_t rep, char *buf,
			 size_t len)
{
	const struct sweep_point *pt = &sw->points[point];

	snprintf(buf, len, "point %" PRIu64 " (%s%sseed=%" PRId64 ")", point, pt->label,
		 pt->label[0] ? ", " : "", pt->seed + (int64_t)rep);
}

/* A message about a point: to @errf, or kept in @res->msgs (@errf NULL)
 * for the caller to print in point order. */
static void note(struct sweep_result *res, FILE *errf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (errf) {
		vfprintf(errf, fmt, ap);
	} else {
		char line[2400];

		vsnprintf(line, sizeof(line), fmt, ap);
		swb_puts(&res->msgs, line);
	}
	va_end(ap);
}

void sweep_result_add(const struct sweep *sw, struct sweep_result *res, uint64_t point,
		      uint32_t rep, const char *proto, int status, const char *why, FILE *errf)
{
	const char *line = proto ? proto : "";
	char *fields = NULL, pre[1200];

	point_prefix(sw, point, rep, pre, sizeof(pre));
	if (!res->rep_fields)
		res->rep_fields = calloc(sw->reps, sizeof(*res->rep_fields));
	while (*line) {
		size_t l = strcspn(line, "\n");

		if (l >= 2 && line[0] == 'R' && line[1] == ' ' && !fields)
			fields = sweep__strndup(line + 2, l - 2);
		else if (l >= 2 && (line[0] == 'E' || line[0] == 'X') && line[1] == ' ')
			note(res, errf, "rxsim sweep: %s: %.*s\n", pre, (int)(l - 2), line + 2);
		line += l + (line[l] == '\n');
	}
	if (status <= SWEEP_EXPECT && !fields) {
		status = SWEEP_EINTERNAL;
		if (!why)
			why = "worker sent no results";
	}
	if (status > SWEEP_EXPECT) {
		if (why)
			note(res, errf, "rxsim sweep: %s: %s\n", pre, why);
		free(fields);
		fields = NULL;
		res->reps_failed++;
	}
	if (res->rep_fields && rep < sw->reps && !res->rep_fields[rep])
		res->rep_fields[rep] = fields;
	else
		free(fields);
	if (status > res->status)
		res->status = status;
	res->reps_done++;
}

/* Split "a,b,c" (plain numbers) into doubles. */
static int parse_fields(const char *s, double *x, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		char *end;

		x[i] = strtod(s, &end);
		if (end == s && (*s == ',' || !*s))
			x[i] = NAN;	/* an empty cell (null in the summary) */
		else if (end == s)
			return -1;
		if ((*end != ',' && *end) || (*end == '\0' && i != n - 1))
			return -1;
		s = *end ? end + 1 : end;
	}
	return *s ? -1 : 0;
}

int sweep_result_finish(const struct sweep *sw, struct sweep_result *res)
{
	struct sweep_buf t = { 0 };
	const uint32_t nres = sweep_nresults(sw);
	uint32_t r;
	int i;

	if (res->reps_failed || !res->rep_fields) {
		int cols = (int)nres * (sw->reps > 1 ? 2 : 1);

		for (i = 1; i < cols; i++)
			swb_put(&t, ",", 1);
	} else if (sw->reps == 1) {
		swb_puts(&t, res->rep_fields[0] ? res->rep_fields[0] : "");
	} else {
		double *x = calloc((size_t)sw->reps * nres, sizeof(*x));
		double *col = calloc(sw->reps, sizeof(*col));

		if (!x || !col) {
			free(x);
			free(col);
			return RXSIM_EINTERNAL;
		}
		for (r = 0; r < sw->reps; r++) {
			if (!res->rep_fields[r] ||
			    parse_fields(res->rep_fields[r], x + (size_t)r * nres, (int)nres)) {
				free(x);
				free(col);
				return RXSIM_EINTERNAL;
			}
		}
		for (i = 0; i < (int)nres; i++) {
			char a[48], b[48];
			double mean, ci;

			for (r = 0; r < sw->reps; r++)
				col[r] = x[(size_t)r * nres + (size_t)i];
			sweep_mean_ci95(col, sw->reps, &mean, &ci);
			swb_printf(&t, "%s%s,%s", i ? "," : "", sweep_format_double(mean, a, sizeof(a)),
				   sweep_format_double(ci, b, sizeof(b)));
		}
		free(x);
		free(col);
	}
	swb_put(&t, "\n", 1);
	if (t.oom) {
		swb_free(&t);
		return RXSIM_EINTERNAL;
	}
	free(res->row_tail);
	res->row_tail = t.s;
	return 0;
}

void sweep_result_free(struct sweep_result *res, uint32_t reps)
{
	uint32_t r;

	for (r = 0; res->rep_fields && r < reps; r++)
		free(res->rep_fields[r]);
	free(res->rep_fields);
	free(res->row_tail);
	swb_free(&res->msgs);
	memset(res, 0, sizeof(*res));
}
