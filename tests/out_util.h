/* SPDX-License-Identifier: MIT */
/*
 * out_util.h - helpers for test_outputs, test_diagnosis, test_readers and
 * test_irq: run a scenario (a shipped file or inline JSON) through
 * rxsim_run() with its outputs captured in memory (open_memstream), get the
 * summary back as a parsed tree, look values up by dotted path, and split
 * the CSV outputs into cells.  Loading and running come from test_util.h.
 *
 * Header-only (static inline), like test_util.h, so each test stays one
 * source file and one executable.
 */
#ifndef RXSIM_TESTS_OUT_UTIL_H
#define RXSIM_TESTS_OUT_UTIL_H

#include <check.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

enum { OUT_TIMELINE = 1, OUT_TIMESERIES = 2, OUT_PACKETS = 4, OUT_TIMESERIES_LONG = 8 };

struct orun {
	struct model m;		/* m.sc, m.r: the scenario and its run */
	/* captured outputs (NULL when not asked for) */
	char *tl, *ts, *pt, *tsl;
	size_t tl_len, ts_len, pt_len, tsl_len;
	char *sum_text;		/* summary without wall time, unformatted */
	cJSON *sum;		/* the same, parsed back: plain numbers */
};

static inline struct orun *orun_file(const char *rel, const char *const *sets, int nsets)
{
	struct orun *o = calloc(1, sizeof(*o));

	ck_assert_ptr_nonnull(o);
	tu_load_file(&o->m.sc, rel, sets, nsets);
	return o;
}

static inline struct orun *orun_inline(const char *const *sets, int nsets, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline struct orun *orun_inline(const char *const *sets, int nsets, const char *fmt, ...)
{
	struct orun *o = calloc(1, sizeof(*o));
	va_list ap;

	ck_assert_ptr_nonnull(o);
	va_start(ap, fmt);
	tu_vload(&o->m.sc, sets, nsets, fmt, ap);
	va_end(ap);
	return o;
}

/* Run to the end with the outputs in @what captured; fills o->sum. */
static inline void orun_go(struct orun *o, int what)
{
	struct rxsim_outputs out;
	cJSON *s;

	memset(&out, 0, sizeof(out));
	if (what & OUT_TIMELINE)
		ck_assert_ptr_nonnull(out.timeline = open_memstream(&o->tl, &o->tl_len));
	if (what & OUT_TIMESERIES)
		ck_assert_ptr_nonnull(out.timeseries = open_memstream(&o->ts, &o->ts_len));
	if (what & OUT_PACKETS)
		ck_assert_ptr_nonnull(out.packets = open_memstream(&o->pt, &o->pt_len));
	if (what & OUT_TIMESERIES_LONG)
		ck_assert_ptr_nonnull(out.timeseries_long = open_memstream(&o->tsl, &o->tsl_len));
	model_run_outputs(&o->m, &out);
	if (out.timeline)
		fclose(out.timeline);
	if (out.timeseries)
		fclose(out.timeseries);
	if (out.packets)
		fclose(out.packets);
	if (out.timeseries_long)
		fclose(out.timeseries_long);
	s = rxsim_summary(&o->m.r, false);
	ck_assert_ptr_nonnull(s);
	o->sum_text = cJSON_PrintUnformatted(s);
	cJSON_Delete(s);
	ck_assert_ptr_nonnull(o->sum_text);
	o->sum = cJSON_Parse(o->sum_text);
	ck_assert_msg(o->sum != NULL, "summary is not valid JSON");
}

static inline void orun_free(struct orun *o)
{
	model_release(&o->m);
	free(o->tl);
	free(o->ts);
	free(o->pt);
	free(o->tsl);
	if (o->sum_text)
		cJSON_free(o->sum_text);
	cJSON_Delete(o->sum);
	free(o);
}

/* ---- summary lookups ---------------------------------------------------- */

/* @path: dotted, array elements by index ("cpus.1.share.idle"); a key
 * holding dots or colons is looked up with jkey() instead. */
static inline const cJSON *jnode(const cJSON *root, const char *path)
{
	char buf[256], *save = NULL, *tok;
	const cJSON *n = root;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok && n; tok = strtok_r(NULL, ".", &save)) {
		if (cJSON_IsArray(n)) {
			char *end;
			long i = strtol(tok, &end, 10);

			n = *end ? NULL : cJSON_GetArrayItem(n, (int)i);
		} else {
			n = cJSON_GetObjectItemCaseSensitive(n, tok);
		}
	}
	return n;
}

static inline double jnum_at(const cJSON *root, const char *path, const char *file, int line)
{
	const cJSON *n = jnode(root, path);

	if (!cJSON_IsNumber(n))
		ck_abort_msg("%s:%d: summary has no number at %s", file, line, path);
	return n->valuedouble;
}

#define jnum(root, path) jnum_at((root), (path), __FILE__, __LINE__)
/* Counters are below 2^53 in these runs: exact as doubles. */
#define ju64(root, path) ((uint64_t)jnum((root), (path)))

static inline double jnumf(const cJSON *root, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline double jnumf(const cJSON *root, const char *fmt, ...)
{
	char path[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return jnum_at(root, path, "jnumf", 0);
}

static inline const char *jstr(const cJSON *root, const char *path)
{
	const cJSON *n = jnode(root, path);

	if (!cJSON_IsString(n))
		ck_abort_msg("summary has no string at %s", path);
	return n->valuestring;
}

/* ---- CSV ---------------------------------------------------------------- */

/* The files here never need quoting (no commas, quotes or newlines in
 * names), so a line splits at every comma. */
struct csv {
	char *buf;
	char **hdr;
	int ncols;
	char ***rows;		/* rows[i][j], j < nf[i] */
	int *nf;
	int nrows;
};

static inline struct csv *csv_parse(const char *text, size_t len)
{
	struct csv *c = calloc(1, sizeof(*c));
	char *line, *next;
	int cap = 0;

	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_nonnull(text);
	c->buf = malloc(len + 1);
	ck_assert_ptr_nonnull(c->buf);
	memcpy(c->buf, text, len);
	c->buf[len] = '\0';
	ck_assert_msg(len > 0 && c->buf[len - 1] == '\n', "CSV does not end with a newline");
	for (line = c->buf; *line; line = next) {
		char **cells = NULL;
		int n = 0, ccap = 0;
		char *p;

		next = strchr(line, '\n');
		ck_assert_ptr_nonnull(next);
		*next++ = '\0';
		ck_assert_msg(!strchr(line, '\r'), "CSV line with a CR");
		for (p = line;; ) {
			char *comma = strchr(p, ',');

			if (n == ccap) {
				ccap = ccap ? 2 * ccap : 16;
				cells = realloc(cells, (size_t)ccap * sizeof(*cells));
				ck_assert_ptr_nonnull(cells);
			}
			cells[n++] = p;
			if (!comma)
				break;
			*comma = '\0';
			p = comma + 1;
		}
		if (!c->hdr) {
			c->hdr = cells;
			c->ncols = n;
			continue;
		}
		if (c->nrows == cap) {
			cap = cap ? 2 * cap : 1024;
			c->rows = realloc(c->rows, (size_t)cap * sizeof(*c->rows));
			c->nf = realloc(c->nf, (size_t)cap * sizeof(*c->nf));
			ck_assert_ptr_nonnull(c->rows);
			ck_assert_ptr_nonnull(c->nf);
		}
		c->rows[c->nrows] = cells;
		c->nf[c->nrows++] = n;
	}
	ck_assert_ptr_nonnull(c->hdr);
	return c;
}

static inline void csv_free(struct csv *c)
{
	int i;

	for (i = 0; i < c->nrows; i++)
		free(c->rows[i]);
	free(c->rows);
	free(c->nf);
	free(c->hdr);
	free(c->buf);
	free(c);
}

/* Index of column @name, or -1. */
static inline int csv_col(const struct csv *c, const char *name)
{
	int j;

	for (j = 0; j < c->ncols; j++)
		if (!strcmp(c->hdr[j], name))
			return j;
	return -1;
}

static inline int csv_col_req(const struct csv *c, const char *name)
{
	int j = csv_col(c, name);

	if (j < 0)
		ck_abort_msg("CSV has no column %s", name);
	return j;
}

/* A cell as an unsigned integer; aborts unless it is one. */
static inline uint64_t csv_u64(const struct csv *c, int row, int col)
{
	const char *s = c->rows[row][col];
	char *end;
	unsigned long long v;

	if (!*s || *s == '-' || *s == '+')
		ck_abort_msg("row %d column %s: \"%s\" is not an unsigned integer", row,
			     c->hdr[col], s);
	v = strtoull(s, &end, 10);
	if (*end)
		ck_abort_msg("row %d column %s: \"%s\" is not an unsigned integer", row,
			     c->hdr[col], s);
	return (uint64_t)v;
}

static inline double csv_dbl(const struct csv *c, int row, int col)
{
	const char *s = c->rows[row][col];
	char *end;
	double v;

	if (!*s)
		ck_abort_msg("row %d column %s is empty", row, c->hdr[col]);
	v = strtod(s, &end);
	if (*end)
		ck_abort_msg("row %d column %s: \"%s\" is not a number", row, c->hdr[col], s);
	return v;
}

/* Sum of an integer column over every row. */
static inline uint64_t csv_sum(const struct csv *c, const char *name)
{
	int j = csv_col_req(c, name), i;
	uint64_t s = 0;

	for (i = 0; i < c->nrows; i++)
		s += csv_u64(c, i, j);
	return s;
}

#endif
