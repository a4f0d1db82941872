/* SPDX-License-Identifier: MIT */
/*
 * sweep.h - parameter sweeps: the pure parts, without processes or libev.
 *
 * An axis is a --set path with a list of values ("0,8,50" split on commas
 * outside () and [], so "uniform(1us,2us)" and "[0,1]" stay whole) or a
 * range "FROM..TO/STEPS[log]" expanded for the parameter's type.  Points
 * are the cartesian product of the axes, the first axis varying slowest.
 * Each point is one CSV row: swept values (natural units: time in ns, rate
 * in pps, bandwidth in bit/s, size in bytes), the seed, then the results
 * named in sweep_result_names[], read from the summary JSON.  With several
 * repetitions each result is a mean followed by its 95% confidence
 * half-width (Student t) in a column NAME_ci95.
 *
 * The supervisor that runs points in worker processes is sim/cli/sweep_run.c.
 */
#ifndef RXSIM_SWEEP_H
#define RXSIM_SWEEP_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rxsim/config.h"
#include "rxsim/param.h"

/* A growing string; on allocation failure @oom is set and appends stop. */
struct sweep_buf {
	char *s;
	size_t len, cap;
	bool oom;
};

void swb_put(struct sweep_buf *b, const char *s, size_t n);
void swb_puts(struct sweep_buf *b, const char *s);
void swb_printf(struct sweep_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One CSV field, quoted only if it holds a comma, quote, CR or LF (RFC 4180). */
void swb_csv(struct sweep_buf *b, const char *field);
void swb_free(struct sweep_buf *b);

/* Split @text on commas outside (), [] and {} (JSON values stay whole);
 * elements are trimmed of blanks.
 * Returns the number of values (>= 1) with a malloc'd array in @out, or -1
 * with a message in @err (empty element, unbalanced brackets). */
int sweep_split_list(const char *text, char ***out, char *err, size_t errlen);
void sweep_free_list(char **list, int n);

/* Does @text ask for a range (contains ".." outside (), [] and {})? */
bool sweep_is_range(const char *text);

/**
 * sweep_expand_range - "FROM..TO/STEPS" or "FROM..TO/STEPSlog" for row @p.
 * FROM and TO are parsed as the parameter parses them (units, plain numbers
 * in its documented unit, bounds).  STEPS >= 2 values including both ends,
 * evenly or geometrically spaced, rounded to the base unit and written back
 * as --set text (units_format() for quantities).  Returns the count with a
 * malloc'd array in @out, or -1 with a message in @err.
 */
int sweep_expand_range(const struct param *p, const char *text, char ***out, char *err,
		       size_t errlen);

/* Value of row @p stored at @src in natural units for a CSV cell: numbers
 * for quantities and integers (time in ns, rate in pps, possibly with a
 * fraction), 0/1 for booleans, text for the rest.  Returns @buf. */
char *sweep_format_value(const struct param *p, const void *src, char *buf, size_t len);

/* The row (and its value in @sc) a --set path names, dotted or a JSON
 * pointer; @ptr gets the canonical JSON pointer.  -1 if it names no row. */
int sweep_find_param(const struct scenario *sc, const char *path, const struct param **p,
		     const void **value, char *ptr, size_t ptrlen);

/* Point enumeration over axes of @n[0..naxes-1] values, first slowest. */
uint64_t sweep_npoints(const uint32_t *n, uint32_t naxes);	/* 0: overflow */
void sweep_point_indices(const uint32_t *n, uint32_t naxes, uint64_t point, uint32_t *idx);

/* Result columns, in order, and the CSV text of each from a summary. */
#define SWEEP_NRESULTS 26
extern const char *const sweep_result_names[SWEEP_NRESULTS];
/* Fill @fields[i] (each of @fieldlen bytes) from @summary; -1 if a value is
 * missing from it. */
int sweep_result_fields(const cJSON *summary, char fields[][48], size_t nfields);
/* --column SPEC: a summary path ("drops.total", "cpus.0.share.idle") or
 * one array NAME[] with :max, :min, :sum or :mean ("cpus[].share.softirq:max").
 * sweep_column_syntax() checks the form; sweep_column_field() writes the
 * cell from @summary ("" for null); both 0, or -1 with a message in @err. */
int sweep_column_syntax(const char *spec, char *err, size_t errlen);
int sweep_column_field(const cJSON *summary, const char *spec, char *buf, size_t len,
		       char *err, size_t errlen);
/* Student t quantile t(0.975, df) for df >= 1. */
double sweep_t975(unsigned df);
/* Mean and 95% confidence half-width of @x[0..n-1] (half-width 0 if n < 2). */
void sweep_mean_ci95(const double *x, unsigned n, double *mean, double *ci95);
/* A number as a CSV cell: shortest of %.12g without exponent noise. */
char *sweep_format_double(double v, char *buf, size_t len);

/* ---- a planned sweep ---------------------------------------------------- */

struct sweep_axis {
	char *path;		/* as the user wrote it: the column name */
	char ptr[256];		/* canonical JSON pointer ("" if no parameter row) */
	const struct param *p;	/* the row, or NULL: values shown as written */
	char **values;		/* --set text of each value */
	uint32_t n;
};

struct sweep_point {
	char *key;		/* CSV of the swept values and the seed, ending with ',' */
	char *label;		/* "PATH=VALUE, ..." for messages */
	int64_t seed;		/* seed of repetition 0 */
};

struct sweep {
	const char *name;	/* scenario name for messages */
	char *text;		/* the scenario file, read once */
	size_t len;
	const char **plain;	/* single-valued --set, applied to every point */
	int nplain;
	struct sweep_axis *axes;
	uint32_t naxes;
	uint32_t reps;
	uint64_t npoints;
	struct sweep_point *points;
	const struct expect_cfg *expect;	/* extra bounds (--expect) */
	uint32_t nexpect;
	char *header;		/* CSV header line with its '\n' */
	const char *const *columns;	/* --column specs, after the fixed results */
	uint32_t ncolumns;
	const char *keep;	/* --keep DIR (absolute), or NULL */
};

/* Result cells of a row: the fixed ones, then the --column ones. */
static inline uint32_t sweep_nresults(const struct sweep *sw)
{
	return SWEEP_NRESULTS + sw->ncolumns;
}

/* Does every --column name a number the summary of point 0 holds?  0, or
 * RXSIM_EINPUT / RXSIM_EINTERNAL with @err (a did-you-mean if one is close). */
int sweep_columns_known(const struct sweep *sw, struct rxsim_err *err);

/* Read a scenario file ("-": standard input) into a NUL-terminated buffer. */
int sweep_read_file(const char *path, char **buf, size_t *len, struct rxsim_err *err);

/**
 * sweep_plan - resolve axes from the scenario's "sweep" section and @sets
 * (a --set with one value is a plain override; with a list or a range it is
 * an axis, replacing a section axis on the same path), enumerate the points
 * and load every one of them so that bad values stop the sweep before
 * anything runs.  @sw->name/text/len/reps/expect must be set.
 * Returns 0 or RXSIM_EINPUT / RXSIM_EINTERNAL with @err filled.
 */
int sweep_plan(struct sweep *sw, const char *const *sets, int nsets, struct rxsim_err *err);
void sweep_free(struct sweep *sw);

/* The --set list of one run of a point (plain overrides, axis values, the
 * seed of repetition @rep); malloc'd strings in @store, NULL-terminated. */
int sweep_run_sets(const struct sweep *sw, uint64_t point, uint32_t rep, char ***store);
void sweep_free_sets(char **store);

/* Outcome of one run of a point (one repetition). */
enum sweep_status {
	SWEEP_OK = 0,		/* results, all bounds held */
	SWEEP_EXPECT = 1,	/* results, an expect bound failed */
	SWEEP_EINPUT = 2,	/* bad input (e.g. an expect path naming nothing) */
	SWEEP_EINTERNAL = 3,	/* rxsim failed (or the worker crashed) */
};

/**
 * sweep_run_one - simulate repetition @rep of @point in this process and
 * append the line protocol a worker sends to its parent to @out:
 *   "R f1,f2,...\n"  the result fields (CSV text)
 *   "E message\n"    an expect bound that failed
 *   "X message\n"    an error
 * Returns the sweep_status.
 */
int sweep_run_one(const struct sweep *sw, uint64_t point, uint32_t rep, struct sweep_buf *out);

/* Results of one point gathered from its repetitions' protocol texts. */
struct sweep_result {
	char *row_tail;		/* result fields and '\n', NULL until complete */
	char **rep_fields;	/* per repetition "f1,f2,..." (NULL: failed/not run) */
	uint32_t reps_done;
	uint32_t reps_failed;
	int status;		/* worst sweep_status of its repetitions */
	struct sweep_buf msgs;	/* its messages, when sweep_result_add() got no FILE */
};

/* Record the protocol text of one repetition; @status as sweep_status.
 * Prints E/X lines and (on failure) @why to @errf with the point's label;
 * with @errf NULL keeps them in @res->msgs. */
void sweep_result_add(const struct sweep *sw, struct sweep_result *res, uint64_t point,
		      uint32_t rep, const char *proto, int status, const char *why, FILE *errf);
/* Once every repetition is in: build row_tail (empty fields if any failed). */
int sweep_result_finish(const struct sweep *sw, struct sweep_result *res);
void sweep_result_free(struct sweep_result *res, uint32_t reps);

/* Existing rows of an --out file for --resume: the row of each point whose
 * key matches and whose results are not empty.  @rows[i] is malloc'd or
 * NULL.  Returns 0, or RXSIM_EINPUT if the header differs (another sweep). */
int sweep_resume_load(const struct sweep *sw, const char *path, char **rows,
		      struct rxsim_err *err);

/* The CSV of a sweep: header, then each available row in point order, then
 * "# incomplete: K of N points" if some rows are missing. */
int sweep_write_csv(const struct sweep *sw, char *const *rows, FILE *f);
/* A --point file: "# point I of N", header, row. */
int sweep_write_point(const struct sweep *sw, uint64_t point, const char *row, FILE *f);

/**
 * sweep_merge - join --point files into the CSV a local sweep writes.
 * Returns 0; RXSIM_EINPUT with @err for unreadable or inconsistent files
 * (different header or point count) or missing points (listed in @err).
 */
int sweep_merge(const char *const *files, int nfiles, FILE *out, struct rxsim_err *err);

#endif
