/* SPDX-License-Identifier: MIT */
/*
 * sweep.c - parameter sweeps without processes: axis parsing, point
 * enumeration and validation, one run of a point in this process, CSV rows,
 * --resume and merge.  The libev supervisor is sim/sweep_run.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/run.h"
#include "rxsim/scenario.h"
#include "rxsim/sweep.h"
#include "rxsim/units.h"

#define MAX_POINTS	UINT64_C(1000000)
#define MAX_STEPS	100000

/* ---- strings ------------------------------------------------------------ */

void swb_put(struct sweep_buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *ns;

		while (cap < b->len + n + 1)
			cap *= 2;
		ns = realloc(b->s, cap);
		if (!ns) {
			b->oom = true;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void swb_puts(struct sweep_buf *b, const char *s)
{
	swb_put(b, s, strlen(s));
}

void swb_printf(struct sweep_buf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		swb_put(b, small, (size_t)n);
		return;
	}
	{
		char *big = malloc((size_t)n + 1);

		if (!big) {
			b->oom = true;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		swb_put(b, big, (size_t)n);
		free(big);
	}
}

void swb_csv(struct sweep_buf *b, const char *field)
{
	const char *p;

	if (!field[strcspn(field, ",\"\r\n")]) {
		swb_puts(b, field);
		return;
	}
	swb_put(b, "\"", 1);
	for (p = field; *p; p++) {
		if (*p == '"')
			swb_put(b, "\"", 1);
		swb_put(b, p, 1);
	}
	swb_put(b, "\"", 1);
}

void swb_free(struct sweep_buf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

static char *xstrndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* ---- axes --------------------------------------------------------------- */

void sweep_free_list(char **list, int n)
{
	int i;

	for (i = 0; list && i < n; i++)
		free(list[i]);
	free(list);
}

int sweep_split_list(const char *text, char ***out, char *err, size_t errlen)
{
	char **list = NULL;
	const char *start = text, *p;
	int n = 0, depth = 0;

	*out = NULL;
	for (p = text;; p++) {
		if (*p == '(' || *p == '[' || *p == '{') {
			depth++;
		} else if (*p == ')' || *p == ']' || *p == '}') {
			if (--depth < 0)
				break;
		} else if ((*p == ',' && depth == 0) || !*p) {
			const char *a = start, *z = p;
			char **nl;

			if (!*p && depth)
				break;
			while (a < z && (*a == ' ' || *a == '\t'))
				a++;
			while (z > a && (z[-1] == ' ' || z[-1] == '\t'))
				z--;
			if (a == z) {
				snprintf(err, errlen, "empty value in the list \"%s\"", text);
				sweep_free_list(list, n);
				return -1;
			}
			nl = realloc(list, (size_t)(n + 1) * sizeof(*list));
			if (!nl || !(nl[n] = xstrndup(a, (size_t)(z - a)))) {
				snprintf(err, errlen, "out of memory");
				sweep_free_list(nl ? nl : list, n);
				return -1;
			}
			list = nl;
			n++;
			if (!*p) {
				*out = list;
				return n;
			}
			start = p + 1;
		}
	}
	snprintf(err, errlen, "unbalanced brackets in \"%s\"", text);
	sweep_free_list(list, n);
	return -1;
}

/* Position of ".." outside (), [] and {}, or NULL. */
static const char *find_dots(const char *text)
{
	int depth = 0;
	const char *p;

	for (p = text; *p; p++) {
		if (*p == '(' || *p == '[' || *p == '{')
			depth++;
		else if (*p == ')' || *p == ']' || *p == '}')
			depth--;
		else if (depth == 0 && p[0] == '.' && p[1] == '.')
			return p;
	}
	return NULL;
}

bool sweep_is_range(const char *text)
{
	return find_dots(text) != NULL;
}

static bool is_quantity(enum param_type t)
{
	return t == PT_TIME || t == PT_RATE || t == PT_BW || t == PT_SIZE;
}

static enum unit_kind unit_of(enum param_type t)
{
	switch (t) {
	case PT_TIME:
		return UNIT_TIME;
	case PT_RATE:
		return UNIT_RATE;
	case PT_BW:
		return UNIT_BW;
	default:
		return UNIT_SIZE;
	}
}

int sweep_expand_range(const struct param *p, const char *text, char ***out, char *err,
		       size_t errlen)
{
	const char *dots = find_dots(text), *slash = strrchr(text, '/'), *s;
	char from[128], to[128], msg[400];
	int64_t lo, hi, *v;
	unsigned long steps;
	bool geo = false;
	char **list;
	unsigned long i;

	*out = NULL;
	/* The last '/' starts STEPS: units such as "Gbit/s" have one too. */
	if (!dots || !slash || slash < dots + 2 || slash[1] < '0' || slash[1] > '9')
		goto malformed;
	steps = strtoul(slash + 1, (char **)&s, 10);
	if (!strcmp(s, "log"))
		geo = true;
	else if (*s)
		goto malformed;
	if ((size_t)(dots - text) >= sizeof(from) || (size_t)(slash - dots - 2) >= sizeof(to) ||
	    dots == text || slash == dots + 2)
		goto malformed;
	memcpy(from, text, (size_t)(dots - text));
	from[dots - text] = '\0';
	memcpy(to, dots + 2, (size_t)(slash - dots - 2));
	to[slash - dots - 2] = '\0';
	if (steps < 2 || steps > MAX_STEPS) {
		snprintf(err, errlen, "range \"%s\": STEPS must be 2..%d (the number of values, "
			 "both ends included)", text, MAX_STEPS);
		return -1;
	}
	if (p->type != PT_INT && !is_quantity(p->type)) {
		char exp[256];

		snprintf(err, errlen, "range \"%s\": needs a numeric parameter, this one takes %s "
			 "(give a list: A,B,C)", text, param_expected(p, exp, sizeof(exp)));
		return -1;
	}
	if (param_parse_text(p, from, &lo, msg, sizeof(msg)) || lo < 0) {
		snprintf(err, errlen, "range \"%s\": FROM: %s", text,
			 lo < 0 ? "\"auto\" is not a number" : msg);
		return -1;
	}
	if (param_parse_text(p, to, &hi, msg, sizeof(msg)) || hi < 0) {
		snprintf(err, errlen, "range \"%s\": TO: %s", text,
			 hi < 0 ? "\"auto\" is not a number" : msg);
		return -1;
	}
	if (lo > hi) {
		snprintf(err, errlen, "range \"%s\": FROM is greater than TO", text);
		return -1;
	}
	if (geo && lo <= 0) {
		snprintf(err, errlen, "range \"%s\": log spacing needs FROM > 0", text);
		return -1;
	}
	v = calloc(steps, sizeof(*v));
	list = calloc(steps, sizeof(*list));
	if (!v || !list) {
		free(v);
		free(list);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < steps; i++) {
		double f = (double)i / (double)(steps - 1);

		if (i == 0)
			v[i] = lo;
		else if (i == steps - 1)
			v[i] = hi;
		else if (geo)
			v[i] = llround(exp(log((double)lo) + f * (log((double)hi) - log((double)lo))));
		else
			v[i] = lo + llround(f * (double)(hi - lo));
		if (i && v[i] <= v[i - 1]) {
			snprintf(err, errlen, "range \"%s\": %lu steps repeat values once rounded to "
				 "the parameter's resolution (use fewer steps)", text, steps);
			goto fail;
		}
	}
	for (i = 0; i < steps; i++) {
		char buf[64];

		if (p->type == PT_INT)
			snprintf(buf, sizeof(buf), "%" PRId64, v[i]);
		else
			units_format(v[i], unit_of(p->type), buf, sizeof(buf));
		list[i] = xstrndup(buf, strlen(buf));
		if (!list[i]) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
	}
	free(v);
	*out = list;
	return (int)steps;
fail:
	free(v);
	sweep_free_list(list, (int)steps);
	return -1;
malformed:
	snprintf(err, errlen, "range \"%s\": expected FROM..TO/STEPS or FROM..TO/STEPSlog "
		 "(e.g. 100kpps..1Mpps/10)", text);
	return -1;
}

/* @v in units of 1/@den as an exact decimal ("2500", "6.72"). */
static void decimal(int64_t v, int64_t den, char *buf, size_t len)
{
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t ip = a / (uint64_t)den, fp = a % (uint64_t)den;
	int digits = 0;
	int64_t d;

	for (d = den; d > 1; d /= 10)
		digits++;
	if (!fp) {
		snprintf(buf, len, "%s%" PRIu64, v < 0 ? "-" : "", ip);
		return;
	}
	while (fp % 10 == 0) {
		fp /= 10;
		digits--;
	}
	snprintf(buf, len, "%s%" PRIu64 ".%0*" PRIu64, v < 0 ? "-" : "", ip, digits, fp);
}

char *sweep_format_value(const struct param *p, const void *src, char *buf, size_t len)
{
	int64_t v;

	switch (p->type) {
	case PT_INT:
	case PT_TIME:
	case PT_RATE:
	case PT_BW:
	case PT_SIZE:
		v = *(const int64_t *)src;
		if (v < 0 && (p->flags & PF_AUTO))
			snprintf(buf, len, "auto");
		else if (p->type == PT_TIME || p->type == PT_RATE)
			decimal(v, 1000, buf, len);	/* ps -> ns, mpps -> pps */
		else
			snprintf(buf, len, "%" PRId64, v);
		return buf;
	case PT_BOOL:
		snprintf(buf, len, "%d", *(const bool *)src ? 1 : 0);
		return buf;
	default:
		return param_format(p, src, buf, len);
	}
}

struct find_ctx {
	const char *want;
	const struct param *p;
	const void *value;
	char ptr[256];
};

static void find_one(void *arg, const char *path, const struct param *p, const void *value)
{
	struct find_ctx *f = arg;
	bool match;

	if (f->p)
		return;
	if (f->want[0] == '/') {
		match = !strcmp(path, f->want);
	} else {
		const char *a = path + 1, *b = f->want;

		while (*a && *b && (*a == *b || (*a == '/' && *b == '.'))) {
			a++;
			b++;
		}
		match = !*a && !*b;
	}
	if (match) {
		f->p = p;
		f->value = value;
		snprintf(f->ptr, sizeof(f->ptr), "%s", path);
	}
}

int sweep_find_param(const struct scenario *sc, const char *path, const struct param **p,
		     const void **value, char *ptr, size_t ptrlen)
{
	struct find_ctx f = { .want = path };

	scenario_visit(sc, find_one, &f);
	if (!f.p)
		return -1;
	if (p)
		*p = f.p;
	if (value)
		*value = f.value;
	if (ptr)
		snprintf(ptr, ptrlen, "%s", f.ptr);
	return 0;
}

/* ---- points ------------------------------------------------------------- */

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

/* ---- results ------------------------------------------------------------ */

enum agg { AGG_ONE, AGG_CPU_SUM, AGG_CPU_MEAN };

static const struct {
	const char *path;	/* in the summary; under each of "cpus" for AGG_CPU_* */
	enum agg agg;
} result_src[SWEEP_NRESULTS] = {
	{ "packets.offered_pps", AGG_ONE },
	{ "packets.delivered_pps", AGG_ONE },
	{ "packets.delivered_ratio", AGG_ONE },
	{ "drops.total", AGG_ONE },
	{ "drops.host", AGG_ONE },
	{ "drops.upstream", AGG_ONE },
	{ "drops.nic_ring", AGG_ONE },
	{ "drops.nic_fifo", AGG_ONE },
	{ "drops.no_socket", AGG_ONE },
	{ "drops.socket_rcvbuf", AGG_ONE },
	{ "latency_ns.e2e.p50", AGG_ONE },
	{ "latency_ns.e2e.p90", AGG_ONE },
	{ "latency_ns.e2e.p99", AGG_ONE },
	{ "latency_ns.e2e.p999", AGG_ONE },
	{ "latency_ns.e2e.max", AGG_ONE },
	{ "interrupts", AGG_CPU_SUM },
	{ "softnet_stat.time_squeeze", AGG_CPU_SUM },
	{ "softirq.ksoftirqd_wakeups", AGG_CPU_SUM },
	{ "share.softirq", AGG_CPU_MEAN },
	{ "share.ksoftirqd", AGG_CPU_MEAN },
	{ "share.app", AGG_CPU_MEAN },
	{ "share.idle", AGG_CPU_MEAN },
};

const char *const sweep_result_names[SWEEP_NRESULTS] = {
	"offered_pps", "delivered_pps", "delivered_ratio",
	"drops_total", "drops_host", "drops_upstream", "drops_nic_ring", "drops_nic_fifo",
	"drops_no_socket", "drops_socket_rcvbuf",
	"lat_e2e_p50_ns", "lat_e2e_p90_ns", "lat_e2e_p99_ns", "lat_e2e_p999_ns", "lat_e2e_max_ns",
	"interrupts", "time_squeeze", "ksoftirqd_wakeups",
	"cpu_softirq_share", "cpu_ksoftirqd_share", "cpu_app_share", "cpu_idle_share",
};

/* "a.b.c": object keys separated by dots (summary keys have no dots). */
static const cJSON *lookup(const cJSON *n, const char *path)
{
	char seg[64];

	while (*path && n) {
		size_t l = strcspn(path, ".");

		if (l >= sizeof(seg))
			return NULL;
		memcpy(seg, path, l);
		seg[l] = '\0';
		n = cJSON_GetObjectItemCaseSensitive(n, seg);
		path += l + (path[l] == '.');
	}
	return n;
}

/* The text of a summary number, as the summary prints it. */
static const char *number_text(const cJSON *v, char *buf, size_t len)
{
	if (cJSON_IsRaw(v))
		return v->valuestring;
	if (cJSON_IsNumber(v))
		return sweep_format_double(v->valuedouble, buf, len);
	return NULL;
}

int sweep_result_fields(const cJSON *summary, char fields[][48], size_t nfields)
{
	const cJSON *cpus = cJSON_GetObjectItemCaseSensitive(summary, "cpus"), *c;
	size_t i;

	if (nfields < SWEEP_NRESULTS)
		return -1;
	for (i = 0; i < SWEEP_NRESULTS; i++) {
		char buf[48];
		const char *t;

		if (result_src[i].agg == AGG_ONE) {
			t = number_text(lookup(summary, result_src[i].path), buf, sizeof(buf));
			if (!t || strlen(t) >= 48)
				return -1;
			strcpy(fields[i], t);
		} else {
			unsigned long long sum = 0;
			double dsum = 0;
			int n = 0;

			if (!cJSON_IsArray(cpus))
				return -1;
			cJSON_ArrayForEach(c, cpus) {
				t = number_text(lookup(c, result_src[i].path), buf, sizeof(buf));
				if (!t)
					return -1;
				sum += strtoull(t, NULL, 10);
				dsum += strtod(t, NULL);
				n++;
			}
			if (result_src[i].agg == AGG_CPU_SUM)
				snprintf(fields[i], 48, "%llu", sum);
			else if (n)
				snprintf(fields[i], 48, "%.4f", dsum / n);
			else
				return -1;
		}
	}
	return 0;
}

double sweep_t975(unsigned df)
{
	static const double t[31] = {
		0, 12.7062047, 4.3026527, 3.1824463, 2.7764451, 2.5705818, 2.4469119,
		2.3646243, 2.3060041, 2.2621572, 2.2281389, 2.2009852, 2.1788128, 2.1603687,
		2.1447867, 2.1314495, 2.1199053, 2.1098155, 2.1009220, 2.0930241, 2.0859634,
		2.0796138, 2.0738731, 2.0686576, 2.0638986, 2.0595386, 2.0555294, 2.0518305,
		2.0484071, 2.0452296, 2.0422725,
	};
	const double z = 1.959963984540054;
	double z2 = z * z, d = (double)df;
	double g1, g2, g3, g4;

	if (df == 0)
		return NAN;
	if (df <= 30)
		return t[df];
	/* Cornish-Fisher expansion in 1/df: error below 1e-7 for df > 30. */
	g1 = (z2 + 1) * z / 4;
	g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
	g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
	g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
	return z + g1 / d + g2 / (d * d) + g3 / (d * d * d) + g4 / (d * d * d * d);
}

void sweep_mean_ci95(const double *x, unsigned n, double *mean, double *ci95)
{
	double sum = 0, ss = 0, m;
	unsigned i;

	for (i = 0; i < n; i++)
		sum += x[i];
	m = n ? sum / n : 0;
	for (i = 0; i < n; i++)
		ss += (x[i] - m) * (x[i] - m);
	*mean = m;
	*ci95 = n >= 2 ? sweep_t975(n - 1) * sqrt(ss / (n - 1)) / sqrt((double)n) : 0;
}

char *sweep_format_double(double v, char *buf, size_t len)
{
	if (!isfinite(v)) {
		snprintf(buf, len, "%s", "");
		return buf;
	}
	if (v == 0)
		v = 0;	/* no "-0" */
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.12g", v);
	return buf;
}

/* ---- the plan ----------------------------------------------------------- */

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

static int load(const struct sweep *sw, const char *const *sets, int n, struct scenario *sc,
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
	rc = load(sw, sets, sw->nplain + 1, &sc, err);
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
		ax.path = xstrndup(src[i].path, src[i].pathlen);
		if (!ax.path)
			return RXSIM_EINTERNAL;
		if (sweep_find_param(base, ax.path, &ax.p, NULL, ax.ptr, sizeof(ax.ptr))) {
			const char *probe = src[i].values ? src[i].values[0] : src[i].text;

			ax.p = NULL;
			ax.ptr[0] = '\0';
			if (sweep_is_range(probe)) {
				/* A range needs the row; its FROM probes the path. */
				char from[128];
				size_t l = (size_t)(find_dots(probe) - probe);

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
	if (!sw->npoints || sw->npoints > MAX_POINTS) {
		snprintf(err->msg, sizeof(err->msg), "%s: the sweep has more than %" PRIu64
			 " points", sw->name, MAX_POINTS);
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
			swb_printf(&label, "%s%s", a ? ", " : "", store[a]);
		}
		pt->label = label.s ? label.s : xstrndup("", 0);
		if (label.oom || !pt->label)
			goto out;
		rc = load(sw, sets, nsets, &sc, &lerr);
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

static int plan_header(struct sweep *sw)
{
	struct sweep_buf h = { 0 };
	uint32_t a;
	int i;

	for (a = 0; a < sw->naxes; a++) {
		swb_csv(&h, sw->axes[a].path);
		swb_put(&h, ",", 1);
	}
	swb_puts(&h, "seed");
	for (i = 0; i < SWEEP_NRESULTS; i++) {
		swb_printf(&h, ",%s", sweep_result_names[i]);
		if (sw->reps > 1)
			swb_printf(&h, ",%s_ci95", sweep_result_names[i]);
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
				snprintf(err->msg, sizeof(err->msg), "--set %s: %s", sets[i], msg);
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
		snprintf(src[nsrc].where, sizeof(src[nsrc].where), "--set %s", sets[i]);
		nsrc++;
	}
	rc = load(sw, sw->plain, sw->nplain, &base, err);
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
		if (!(s[k++] = xstrndup(sw->plain[i], strlen(sw->plain[i]))))
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

int sweep_run_one(const struct sweep *sw, uint64_t point, uint32_t rep, struct sweep_buf *out)
{
	struct rxsim_err err = { { 0 } };
	struct rxsim_run *r = NULL;
	struct scenario sc;
	cJSON *summary = NULL;
	char **sets = NULL, fields[SWEEP_NRESULTS][48];
	int n, rc, status = SWEEP_EINTERNAL, failed = 0, i;
	char *mem = NULL;
	size_t memlen = 0;
	FILE *mf;

	n = sweep_run_sets(sw, point, rep, &sets);
	if (n < 0) {
		swb_puts(out, "X out of memory\n");
		return SWEEP_EINTERNAL;
	}
	rc = load(sw, (const char *const *)sets, n, &sc, &err);
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
	swb_puts(out, "R ");
	for (i = 0; i < SWEEP_NRESULTS; i++)
		swb_printf(out, "%s%s", i ? "," : "", fields[i]);
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
			fields = xstrndup(line + 2, l - 2);
		else if (l >= 2 && (line[0] == 'E' || line[0] == 'X') && line[1] == ' ')
			fprintf(errf, "rxsim sweep: %s: %.*s\n", pre, (int)(l - 2), line + 2);
		line += l + (line[l] == '\n');
	}
	if (status <= SWEEP_EXPECT && !fields) {
		status = SWEEP_EINTERNAL;
		if (!why)
			why = "worker sent no results";
	}
	if (status > SWEEP_EXPECT) {
		if (why)
			fprintf(errf, "rxsim sweep: %s: %s\n", pre, why);
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
		if (end == s || (*end != ',' && *end) || (*end == '\0' && i != n - 1))
			return -1;
		s = *end ? end + 1 : end;
	}
	return *s ? -1 : 0;
}

int sweep_result_finish(const struct sweep *sw, struct sweep_result *res)
{
	struct sweep_buf t = { 0 };
	uint32_t r;
	int i;

	if (res->reps_failed || !res->rep_fields) {
		int cols = SWEEP_NRESULTS * (sw->reps > 1 ? 2 : 1);

		for (i = 1; i < cols; i++)
			swb_put(&t, ",", 1);
	} else if (sw->reps == 1) {
		swb_puts(&t, res->rep_fields[0] ? res->rep_fields[0] : "");
	} else {
		double *x = calloc((size_t)sw->reps * SWEEP_NRESULTS, sizeof(*x));
		double *col = calloc(sw->reps, sizeof(*col));

		if (!x || !col) {
			free(x);
			free(col);
			return RXSIM_EINTERNAL;
		}
		for (r = 0; r < sw->reps; r++) {
			if (!res->rep_fields[r] ||
			    parse_fields(res->rep_fields[r], x + (size_t)r * SWEEP_NRESULTS,
					 SWEEP_NRESULTS)) {
				free(x);
				free(col);
				return RXSIM_EINTERNAL;
			}
		}
		for (i = 0; i < SWEEP_NRESULTS; i++) {
			char a[48], b[48];
			double mean, ci;

			for (r = 0; r < sw->reps; r++)
				col[r] = x[(size_t)r * SWEEP_NRESULTS + (size_t)i];
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
	memset(res, 0, sizeof(*res));
}

/* ---- files -------------------------------------------------------------- */

/* Next line of @s (without its '\n') into [*a, *z); returns the rest. */
static const char *next_line(const char *s, const char **a, size_t *l)
{
	*a = s;
	*l = strcspn(s, "\n");
	return s + *l + (s[*l] == '\n');
}

int sweep_resume_load(const struct sweep *sw, const char *path, char **rows,
		      struct rxsim_err *err)
{
	char *text;
	size_t len, l, hl = strlen(sw->header);
	const char *s, *a;
	uint64_t i;
	int rc;

	rc = sweep_read_file(path, &text, &len, err);
	if (rc) {
		FILE *f = fopen(path, "rb");

		if (!f && errno == ENOENT)
			return 0;	/* nothing yet: run every point */
		if (f)
			fclose(f);
		return rc;
	}
	if (len < hl || memcmp(text, sw->header, hl)) {
		snprintf(err->msg, sizeof(err->msg), "%s: --resume: its header is not this sweep's "
			 "(other axes, repetitions or version?)", path);
		free(text);
		return RXSIM_EINPUT;
	}
	for (s = text + hl; *s;) {
		s = next_line(s, &a, &l);
		if (!l || a[0] == '#')
			continue;
		for (i = 0; i < sw->npoints; i++) {
			const char *key = sw->points[i].key;
			size_t kl = strlen(key);

			if (rows[i] || l <= kl || memcmp(a, key, kl))
				continue;
			/* A failed point (empty results) runs again. */
			if (strspn(a + kl, ",") == l - kl)
				continue;
			rows[i] = xstrndup(a, l + 1);	/* with its '\n' */
			if (!rows[i]) {
				free(text);
				snprintf(err->msg, sizeof(err->msg), "out of memory");
				return RXSIM_EINTERNAL;
			}
			rows[i][l] = '\n';
			break;
		}
	}
	free(text);
	return 0;
}

int sweep_write_csv(const struct sweep *sw, char *const *rows, FILE *f)
{
	uint64_t i, done = 0;

	fputs(sw->header, f);
	for (i = 0; i < sw->npoints; i++) {
		if (rows[i]) {
			fputs(rows[i], f);
			done++;
		}
	}
	if (done < sw->npoints)
		fprintf(f, "# incomplete: %" PRIu64 " of %" PRIu64 " points\n", done, sw->npoints);
	return ferror(f) ? -1 : 0;
}

int sweep_write_point(const struct sweep *sw, uint64_t point, const char *row, FILE *f)
{
	fprintf(f, "# point %" PRIu64 " of %" PRIu64 "\n", point, sw->npoints);
	fputs(sw->header, f);
	fputs(row, f);
	return ferror(f) ? -1 : 0;
}

int sweep_merge(const char *const *files, int nfiles, FILE *out, struct rxsim_err *err)
{
	char *header = NULL, **rows = NULL;
	uint64_t npoints = 0, i, missing = 0;
	struct sweep_buf miss = { 0 };
	int k, rc = RXSIM_EINPUT;

	err->msg[0] = '\0';
	for (k = 0; k < nfiles; k++) {
		const char *s, *a;
		char *text, tail;
		size_t len, l;
		unsigned long long pi, pn;
		int used = 0;

		rc = sweep_read_file(files[k], &text, &len, err);
		if (rc)
			goto out;
		rc = RXSIM_EINPUT;
		s = next_line(text, &a, &l);
		if (sscanf(a, "# point %llu of %llu%c", &pi, &pn, &tail) != 3 || tail != '\n' ||
		    pn == 0 || pi >= pn || pn > MAX_POINTS) {
			snprintf(err->msg, sizeof(err->msg), "%s: not a sweep point file (its first "
				 "line must be \"# point I of N\")", files[k]);
			free(text);
			goto out;
		}
		if (!rows) {
			npoints = pn;
			rows = calloc(pn, sizeof(*rows));
			if (!rows) {
				free(text);
				rc = RXSIM_EINTERNAL;
				goto out;
			}
		} else if (pn != npoints) {
			snprintf(err->msg, sizeof(err->msg), "%s: point %llu of %llu, but %s has %"
				 PRIu64 " points: files of different sweeps", files[k], pi, pn,
				 files[0], npoints);
			free(text);
			goto out;
		}
		s = next_line(s, &a, &l);
		if (!l || a[l] != '\n') {
			snprintf(err->msg, sizeof(err->msg), "%s: missing header row", files[k]);
			free(text);
			goto out;
		}
		if (!header) {
			header = xstrndup(a, l + 1);
			if (!header) {
				free(text);
				rc = RXSIM_EINTERNAL;
				goto out;
			}
		} else if (strlen(header) != l + 1 || memcmp(header, a, l + 1)) {
			snprintf(err->msg, sizeof(err->msg), "%s: header differs from %s's: files of "
				 "different sweeps", files[k], files[0]);
			free(text);
			goto out;
		}
		while (*s) {
			s = next_line(s, &a, &l);
			if (!l || a[0] == '#')
				continue;
			if (used++ || a[l] != '\n') {
				snprintf(err->msg, sizeof(err->msg), "%s: expected one complete row "
					 "after the header", files[k]);
				free(text);
				goto out;
			}
			if (rows[pi] && (strlen(rows[pi]) != l + 1 || memcmp(rows[pi], a, l + 1))) {
				snprintf(err->msg, sizeof(err->msg), "%s: point %llu appears twice with "
					 "different rows", files[k], pi);
				free(text);
				goto out;
			}
			if (!rows[pi] && !(rows[pi] = xstrndup(a, l + 1))) {
				free(text);
				rc = RXSIM_EINTERNAL;
				goto out;
			}
		}
		free(text);
		if (!used) {
			snprintf(err->msg, sizeof(err->msg), "%s: no row after the header", files[k]);
			goto out;
		}
	}
	if (!rows) {
		snprintf(err->msg, sizeof(err->msg), "no files to merge");
		goto out;
	}
	for (i = 0; i < npoints; i++) {
		if (rows[i])
			continue;
		if (missing < 20)
			swb_printf(&miss, "%s%" PRIu64, missing ? ", " : "", i);
		missing++;
	}
	if (missing) {
		snprintf(err->msg, sizeof(err->msg), "%" PRIu64 " of %" PRIu64 " points missing: %s%s",
			 missing, npoints, miss.s ? miss.s : "", missing > 20 ? ", ..." : "");
		goto out;
	}
	fputs(header, out);
	for (i = 0; i < npoints; i++)
		fputs(rows[i], out);
	rc = ferror(out) ? RXSIM_EINTERNAL : 0;
	if (rc)
		snprintf(err->msg, sizeof(err->msg), "write error");
out:
	for (i = 0; rows && i < npoints; i++)
		free(rows[i]);
	free(rows);
	free(header);
	swb_free(&miss);
	return rc;
}
