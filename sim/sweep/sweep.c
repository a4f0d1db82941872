/* SPDX-License-Identifier: MIT */
/*
 * sweep.c - planning a sweep: axes from the scenario's "sweep" section and
 * the command line, the points they span (each loaded once, so that a bad
 * value stops the sweep before anything runs) and the CSV header.  Running
 * a point is sweep_point.c; the libev supervisor is sim/sweep_run.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/quote.h"
#include "rxsim/scenario.h"
#include "rxsim/sweep.h"
#include "sweep_int.h"

uint64_t sweep_npoints(const uint32_t *n, uint32_t naxes)
{
	uint64_t total = 1;
	uint32_t i;

	for (i = 0; i < naxes; i++) {
		if (!n[i] || total > UINT64_MAX / n[i])
			return 0;
		total *= n[i];
	}
	return total;
}

void sweep_point_indices(const uint32_t *n, uint32_t naxes, uint64_t point, uint32_t *idx)
{
	uint32_t i = naxes;

	while (i--) {
		idx[i] = (uint32_t)(point % n[i]);
		point /= n[i];
	}
}

int sweep_read_file(const char *path, char **buf, size_t *len, struct rxsim_err *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 0, n = 0;
	char *b = NULL;

	*buf = NULL;
	*len = 0;
	if (!f) {
		snprintf(err->msg, sizeof(err->msg), "%s: cannot open: %s", path, strerror(errno));
		return RXSIM_EINPUT;
	}
	for (;;) {
		size_t got;

		if (cap - n < 65536) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			nb = cap <= (64u << 20) + 65536 ? realloc(b, cap + 1) : NULL;
			if (!nb) {
				snprintf(err->msg, sizeof(err->msg), "%s: too large or out of memory",
					 path);
				free(b);
				if (f != stdin)
					fclose(f);
				return RXSIM_EINPUT;
			}
			b = nb;
		}
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (!got)
			break;
	}
	if (ferror(f)) {
		snprintf(err->msg, sizeof(err->msg), "%s: read error: %s", path, strerror(errno));
		free(b);
		if (f != stdin)
			fclose(f);
		return RXSIM_EINPUT;
	}
	if (f != stdin)
		fclose(f);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
}

struct axis_src {
	const char *path;	/* as written */
	size_t pathlen;
	const char *text;	/* the value text (list or range) */
	char where[300];	/* for messages: "--set X" or "FILE: /sweep/X" */
	char **values;		/* list values already split (section lists) */
	int nvalues;
};

int sweep__load(const struct sweep *sw, const char *const *sets, int n, struct scenario *sc,
	     struct rxsim_err *err)
{
	return scenario_load_buffer(sw->name, sw->text, sw->len, sets, n, sc, err);
}

static void free_axis(struct sweep_axis *a)
{
	sweep_free_list(a->values, (int)a->n);
	free(a->path);
}

/* Validate the path of an axis the base scenario does not know as a row:
 * the loader's own message (with its did-you-mean) if it rejects it. */
static int check_path(const struct sweep *sw, const char *path, const char *value,
		      struct rxsim_err *err)
{
	const char **sets = calloc((size_t)sw->nplain + 1, sizeof(*sets));
	struct scenario sc;
	char *one;
	int rc;

	one = malloc(strlen(path) + strlen(value) + 2);
	if (!sets || !one) {
		free(sets);
		free(one);
		return RXSIM_EINTERNAL;
	}
	sprintf(one, "%s=%s", path, value);
	memcpy(sets, sw->plain, (size_t)sw->nplain * sizeof(*sets));
	sets[sw->nplain] = one;
	rc = sweep__load(sw, sets, sw->nplain + 1, &sc, err);
	if (!rc)
		scenario_free(&sc);
	free(one);
	free(sets);
	return rc;
}

static bool same_path(const struct sweep_axis *a, const char *ptr, const char *path)
{
	if (a->ptr[0] && ptr[0])
		return !strcmp(a->ptr, ptr);
	return !strcmp(a->path, path);
}

static int plan_axes(struct sweep *sw, const struct scenario *base, struct axis_src *src,
		     int nsrc, struct rxsim_err *err)
{
	int i, k;

	sw->axes = calloc((size_t)nsrc + 1, sizeof(*sw->axes));
	if (!sw->axes)
		return RXSIM_EINTERNAL;
	for (i = 0; i < nsrc; i++) {
		struct sweep_axis ax;
		char msg[400];
		int n, rc;

		memset(&ax, 0, sizeof(ax));
		ax.path = sweep__strndup(src[i].path, src[i].pathlen);
		if (!ax.path)
			return RXSIM_EINTERNAL;
		if (sweep_find_param(base, ax.path, &ax.p, NULL, ax.ptr, sizeof(ax.ptr))) {
			const char *probe = src[i].values ? src[i].values[0] : src[i].text;

			ax.p = NULL;
			ax.ptr[0] = '\0';
			if (sweep_is_range(probe)) {
				/* A range needs the row; its FROM probes the path. */
				char from[128];
				size_t l = (size_t)(sweep__find_dots(probe) - probe);

				snprintf(from, sizeof(from), "%.*s", (int)l, probe);
				probe = from;
				rc = check_path(sw, ax.path, from, err);
				if (!rc) {
					snprintf(err->msg, sizeof(err->msg), "%s: a range needs a "
						 "numeric parameter; %s is not one", src[i].where,
						 ax.path);
					rc = RXSIM_EINPUT;
				}
			} else {
				rc = check_path(sw, ax.path, probe, err);
			}
			if (rc) {
				free(ax.path);
				return rc;
			}
		}
		if (src[i].values) {
			ax.values = src[i].values;
			n = src[i].nvalues;
			src[i].values = NULL;
		} else if (sweep_is_range(src[i].text)) {
			n = sweep_expand_range(ax.p, src[i].text, &ax.values, msg, sizeof(msg));
		} else {
			n = sweep_split_list(src[i].text, &ax.values, msg, sizeof(msg));
		}
		if (n < 0) {
			snprintf(err->msg, sizeof(err->msg), "%s: %s", src[i].where, msg);
			free(ax.path);
			return RXSIM_EINPUT;
		}
		ax.n = (uint32_t)n;
		/* A command-line axis replaces a section axis on the same path. */
		for (k = 0; k < (int)sw->naxes; k++)
			if (same_path(&sw->axes[k], ax.ptr, ax.path))
				break;
		if (k < (int)sw->naxes) {
			free_axis(&sw->axes[k]);
			sw->axes[k] = ax;
		} else {
			sw->axes[sw->naxes++] = ax;
		}
	}
	return 0;
}

static int plan_points(struct sweep *sw, struct rxsim_err *err)
{
	uint32_t *n = calloc((size_t)sw->naxes + 1, sizeof(*n));
	uint32_t *idx = calloc((size_t)sw->naxes + 1, sizeof(*idx));
	int nsets = sw->nplain + (int)sw->naxes;
	const char **sets = calloc((size_t)nsets + 1, sizeof(*sets));
	char **store = calloc((size_t)sw->naxes + 1, sizeof(*store));
	uint64_t i;
	uint32_t a;
	int rc = RXSIM_EINTERNAL;

	if (!n || !idx || !sets || !store)
		goto out;
	for (a = 0; a < sw->naxes; a++)
		n[a] = sw->axes[a].n;
	sw->npoints = sweep_npoints(n, sw->naxes);
	if (!sw->npoints || sw->npoints > SWEEP_MAX_POINTS) {
		snprintf(err->msg, sizeof(err->msg), "%s: the sweep has more than %" PRIu64
			 " points", sw->name, SWEEP_MAX_POINTS);
		rc = RXSIM_EINPUT;
		goto out;
	}
	sw->points = calloc(sw->npoints, sizeof(*sw->points));
	if (!sw->points)
		goto out;
	memcpy(sets, sw->plain, (size_t)sw->nplain * sizeof(*sets));
	for (i = 0; i < sw->npoints; i++) {
		struct sweep_point *pt = &sw->points[i];
		struct sweep_buf key = { 0 }, label = { 0 };
		struct scenario sc;
		struct rxsim_err lerr = { { 0 } };

		sweep_point_indices(n, sw->naxes, i, idx);
		for (a = 0; a < sw->naxes; a++) {
			const char *v = sw->axes[a].values[idx[a]];

			free(store[a]);
			store[a] = malloc(strlen(sw->axes[a].path) + strlen(v) + 2);
			if (!store[a])
				goto out;
			sprintf(store[a], "%s=%s", sw->axes[a].path, v);
			sets[sw->nplain + (int)a] = store[a];
			{
				/* a label goes into messages: one line, whatever the value */
				char shown[300];
				size_t off = 0;

				msg_escape_append(shown, sizeof(shown), &off, store[a]);
				swb_printf(&label, "%s%s", a ? ", " : "", shown);
			}
		}
		pt->label = label.s ? label.s : sweep__strndup("", 0);
		if (label.oom || !pt->label)
			goto out;
		rc = sweep__load(sw, sets, nsets, &sc, &lerr);
		if (rc) {
			snprintf(err->msg, sizeof(err->msg), "point %" PRIu64 " (%s): %s", i,
				 pt->label, lerr.msg);
			goto out;
		}
		rc = RXSIM_EINTERNAL;
		for (a = 0; a < sw->naxes; a++) {
			const struct sweep_axis *ax = &sw->axes[a];
			const struct param *p;
			const void *val;
			char buf[2048];

			if (ax->p && !sweep_find_param(&sc, ax->ptr, &p, &val, NULL, 0))
				swb_csv(&key, sweep_format_value(p, val, buf, sizeof(buf)));
			else
				swb_csv(&key, ax->values[idx[a]]);
			swb_put(&key, ",", 1);
		}
		pt->seed = sc.seed;
		swb_printf(&key, "%" PRId64 ",", sc.seed);
		scenario_free(&sc);
		pt->key = key.s;
		if (key.oom)
			goto out;
		if (sw->reps > 1 && pt->seed > INT64_MAX - (int64_t)(sw->reps - 1)) {
			snprintf(err->msg, sizeof(err->msg), "point %" PRIu64 " (%s): seed %" PRId64
				 " + %u repetitions overflows", i, pt->label, pt->seed, sw->reps);
			rc = RXSIM_EINPUT;
			goto out;
		}
	}
	rc = 0;
out:
	for (a = 0; store && a < sw->naxes; a++)
		free(store[a]);
	free(store);
	free(sets);
	free(idx);
	free(n);
	if (rc == RXSIM_EINTERNAL && !err->msg[0])
		snprintf(err->msg, sizeof(err->msg), "out of memory");
	return rc;
}

/*
 * The unit of a swept column, appended to its name when the cell is not in
 * the unit a plain number of the key means: rx-usecs 8us is written 8000,
 * so the column is nics.0.coalesce.rx-usecs_ns, never a bare "8000" under
 * a name that says microseconds.
 */
static const char *axis_unit(const struct param *p)
{
	if (!p)
		return "";
	switch (p->type) {
	case PT_TIME:
		return p->unit && !strcmp(p->unit, "ns") ? "" : "_ns";
	case PT_RATE:
		return p->unit && !strcmp(p->unit, "pps") ? "" : "_pps";
	case PT_SIZE:
		return p->unit && !strcmp(p->unit, "bytes") ? "" : "_bytes";
	case PT_BW:
		return p->unit && !strcmp(p->unit, "bit/s") ? "" : "_bps";
	default:
		return "";
	}
}

static int plan_header(struct sweep *sw)
{
	struct sweep_buf h = { 0 };
	uint32_t a;
	int i;

	for (a = 0; a < sw->naxes; a++) {
		char name[300];

		snprintf(name, sizeof(name), "%s%s", sw->axes[a].path, axis_unit(sw->axes[a].p));
		swb_csv(&h, name);
		swb_put(&h, ",", 1);
	}
	swb_puts(&h, "seed");
	for (i = 0; i < (int)sweep_nresults(sw); i++) {
		const char *name = i < SWEEP_NRESULTS ? sweep_result_names[i]
						      : sw->columns[i - SWEEP_NRESULTS];

		swb_put(&h, ",", 1);
		swb_csv(&h, name);
		if (sw->reps > 1) {
			char ci[300];

			snprintf(ci, sizeof(ci), "%s_ci95", name);
			swb_put(&h, ",", 1);
			swb_csv(&h, ci);
		}
	}
	swb_put(&h, "\n", 1);
	sw->header = h.s;
	return h.oom ? RXSIM_EINTERNAL : 0;
}

int sweep_plan(struct sweep *sw, const char *const *sets, int nsets, struct rxsim_err *err)
{
	struct axis_src *src = NULL;
	struct scenario base;
	bool have_base = false;
	int nsrc = 0, i, rc;
	uint32_t k;

	err->msg[0] = '\0';
	if (sw->reps < 1)
		sw->reps = 1;
	sw->plain = calloc((size_t)nsets + 1, sizeof(*sw->plain));
	src = calloc((size_t)nsets + 1, sizeof(*src));
	if (!sw->plain || !src) {
		rc = RXSIM_EINTERNAL;
		goto out;
	}
	/* One value: a plain override; a list or a range: an axis. */
	for (i = 0; i < nsets; i++) {
		const char *eq = strchr(sets[i], '=');
		char **vals, msg[400];
		int n;

		if (!eq || eq == sets[i] || !eq[1]) {
			/* the loader explains a bad one; "" is a plain value */
			sw->plain[sw->nplain++] = sets[i];
			continue;
		}
		if (!sweep_is_range(eq + 1)) {
			n = sweep_split_list(eq + 1, &vals, msg, sizeof(msg));
			if (n < 0) {
				char q[300];

				snprintf(err->msg, sizeof(err->msg), "--set %s: %s",
					 msg_quote(sets[i], 120, q, sizeof(q)), msg);
				rc = RXSIM_EINPUT;
				goto out;
			}
			sweep_free_list(vals, n);
			if (n == 1) {
				sw->plain[sw->nplain++] = sets[i];
				continue;
			}
		}
		src[nsrc].path = sets[i];
		src[nsrc].pathlen = (size_t)(eq - sets[i]);
		src[nsrc].text = eq + 1;
		{
			char q[300];

			snprintf(src[nsrc].where, sizeof(src[nsrc].where), "--set %s",
				 msg_quote(sets[i], 120, q, sizeof(q)));
		}
		nsrc++;
	}
	rc = sweep__load(sw, sw->plain, sw->nplain, &base, err);
	if (rc)
		goto out;
	have_base = true;
	/* The scenario's own axes first (unless overridden by a plain --set),
	 * then the command line's. */
	{
		struct axis_src *all = calloc((size_t)(nsrc + (int)base.n_sweep) + 1, sizeof(*all));
		int nall = 0;

		if (!all) {
			rc = RXSIM_EINTERNAL;
			goto out;
		}
		for (k = 0; k < base.n_sweep; k++) {
			struct sweep_axis_cfg *c = &base.sweep[k];
			char ptr[256] = "";
			bool overridden = false;

			sweep_find_param(&base, c->path, NULL, NULL, ptr, sizeof(ptr));
			for (i = 0; i < sw->nplain; i++) {
				const char *eq = strchr(sw->plain[i], '=');
				char pp[256] = "", path[256];

				if (!eq || (size_t)(eq - sw->plain[i]) >= sizeof(path))
					continue;
				snprintf(path, sizeof(path), "%.*s", (int)(eq - sw->plain[i]),
					 sw->plain[i]);
				sweep_find_param(&base, path, NULL, NULL, pp, sizeof(pp));
				if ((ptr[0] && pp[0]) ? !strcmp(ptr, pp) : !strcmp(path, c->path))
					overridden = true;
			}
			if (overridden)
				continue;
			all[nall].path = c->path;
			all[nall].pathlen = strlen(c->path);
			all[nall].text = c->range;
			snprintf(all[nall].where, sizeof(all[nall].where), "%s: /sweep/%s",
				 sw->name, c->path);
			if (c->n_values) {
				all[nall].values = calloc(c->n_values, sizeof(char *));
				if (!all[nall].values) {
					free(all);
					rc = RXSIM_EINTERNAL;
					goto out;
				}
				for (i = 0; i < (int)c->n_values; i++)
					all[nall].values[i] = c->values[i];
				all[nall].nvalues = (int)c->n_values;
				/* the strings move to the axis */
				c->n_values = 0;
				free(c->values);
				c->values = NULL;
			}
			nall++;
		}
		/* Two command-line axes on one path are a mistake. */
		for (i = 0; i < nsrc; i++) {
			int j;

			for (j = 0; j < i; j++) {
				if (src[j].pathlen == src[i].pathlen &&
				    !memcmp(src[j].path, src[i].path, src[i].pathlen)) {
					snprintf(err->msg, sizeof(err->msg), "--set %.*s: swept twice",
						 (int)src[i].pathlen, src[i].path);
					free(all);
					rc = RXSIM_EINPUT;
					goto out;
				}
			}
			all[nall++] = src[i];
		}
		rc = plan_axes(sw, &base, all, nall, err);
		for (i = 0; i < nall; i++)
			if (all[i].values)
				sweep_free_list(all[i].values, all[i].nvalues);
		free(all);
		if (rc)
			goto out;
	}
	rc = plan_points(sw, err);
	if (!rc)
		rc = plan_header(sw);
out:
	if (have_base)
		scenario_free(&base);
	free(src);
	if (rc && !err->msg[0])
		snprintf(err->msg, sizeof(err->msg), "out of memory");
	return rc;
}

void sweep_free(struct sweep *sw)
{
	uint64_t i;
	uint32_t a;

	for (a = 0; sw->axes && a < sw->naxes; a++)
		free_axis(&sw->axes[a]);
	free(sw->axes);
	for (i = 0; sw->points && i < sw->npoints; i++) {
		free(sw->points[i].key);
		free(sw->points[i].label);
	}
	free(sw->points);
	free(sw->plain);
	free(sw->header);
	sw->axes = NULL;
	sw->points = NULL;
	sw->plain = NULL;
	sw->header = NULL;
}
