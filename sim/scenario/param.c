/* SPDX-License-Identifier: MIT */
/*
 * param.c - parse, describe and format values of parameter-table rows.
 * Shared by the scenario loader, --set, `rxsim params` and the summary echo,
 * so a key is read, bounded and printed the same way everywhere.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/config.h"
#include "rxsim/param.h"
#include "rxsim/quote.h"
#include "rxsim/units.h"

enum unit_kind param_unit_kind(enum param_type t)
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

static bool is_cpu_row(const struct param *p)
{
	return p->unit && !strcmp(p->unit, "cpus");
}

static const char *example_of(enum param_type t)
{
	switch (t) {
	case PT_TIME:
		return "2.5us";
	case PT_RATE:
		return "1.2Mpps";
	case PT_BW:
		return "10Gbps";
	case PT_SIZE:
		return "256KiB";
	default:
		return "";
	}
}

/* An example inside the row's own range: the usual one of its kind if it
 * fits, else the default, else the minimum (never "auto"). */
static const char *example_for(const struct param *p, char *buf, size_t len)
{
	const char *why;
	int64_t v;

	if (!units_parse(example_of(p->type), param_unit_kind(p->type), 0, &v, &why) &&
	    v >= p->min && v <= p->max)
		return example_of(p->type);
	if (!p->def || units_parse(p->def, param_unit_kind(p->type), p->plain_scale, &v, &why) ||
	    v < p->min || v > p->max)
		v = p->min;
	return units_format(v, param_unit_kind(p->type), buf, (unsigned)len);
}

const char *param_expected(const struct param *p, char *buf, size_t len)
{
	char lo[32], hi[32], ex[32];
	size_t off;
	int i;

	switch (p->type) {
	case PT_INT:
		snprintf(buf, len, "integer %lld..%lld%s", (long long)p->min, (long long)p->max,
			 p->flags & PF_AUTO ? " or \"auto\"" : "");
		break;
	case PT_BOOL:
		snprintf(buf, len, "true or false");
		break;
	case PT_TIME:
	case PT_RATE:
	case PT_BW:
	case PT_SIZE:
		snprintf(buf, len, "%s %s..%s (e.g. \"%s\"%s%s)%s", units_kind_name(param_unit_kind(p->type)),
			 units_format(p->min, param_unit_kind(p->type), lo, sizeof(lo)),
			 units_format(p->max, param_unit_kind(p->type), hi, sizeof(hi)),
			 example_for(p, ex, sizeof(ex)), p->plain_scale ? ", or a number in " : "",
			 p->plain_scale ? p->unit : "", p->flags & PF_AUTO ? " or \"auto\"" : "");
		break;
	case PT_ENUM:
		off = (size_t)snprintf(buf, len, "one of");
		for (i = 0; p->names[i] && off < len; i++)
			off += (size_t)snprintf(buf + off, len - off, "%s \"%s\"", i ? "," : "",
						p->names[i]);
		break;
	case PT_STRING:
		if (p->min > 0)
			snprintf(buf, len, "string of %lld..%lld bytes", (long long)p->min,
				 (long long)p->max - 1);
		else
			snprintf(buf, len, "string of at most %lld bytes", (long long)p->max - 1);
		break;
	case PT_COST:
		snprintf(buf, len, "time (e.g. \"60ns\") or exp(MEAN), uniform(MIN,MAX), "
			 "lognormal(MEAN,SIGMA); plain numbers in ns");
		break;
	case PT_CPULIST:
		if (is_cpu_row(p))
			snprintf(buf, len, "list of CPU numbers (e.g. [0,2] or \"0-3,6\") or a "
				 "sysfs hex mask after 0x (e.g. \"0x0e\", \"0xff,ffffffff\")");
		else
			snprintf(buf, len, "list of %s (e.g. [0,2] or \"0-3,6\")",
				 p->unit && p->unit[0] ? p->unit : "integers");
		break;
	case PT_KVER:
		snprintf(buf, len, "kernel version string 4.9..6.99 (e.g. \"6.8\")");
		break;
	case PT_SPEC:
		snprintf(buf, len, "%s", p->unit);
		break;
	}
	return buf;
}

static int fail(const struct param *p, const char *got, const char *why, char *err, size_t len)
{
	char exp[256];

	snprintf(err, len, "expected %s, got %s%s%s", param_expected(p, exp, sizeof(exp)), got,
		 why ? ": " : "", why ? why : "");
	return -1;
}

/* A decimal integer: digits with an optional '-', nothing else.
 * Returns 0, -1 if it is not one, -2 if it does not fit in 64 bits. */
static int parse_int(const char *s, int64_t *out)
{
	const char *d;
	long long v;

	for (d = s + (*s == '-'); *d; d++)
		if (*d < '0' || *d > '9')
			return -1;
	if (d == s + (*s == '-'))
		return -1;
	errno = 0;
	v = strtoll(s, NULL, 10);
	if (errno == ERANGE)
		return -2;
	*out = v;
	return 0;
}

/* MAJOR.MINOR or MAJOR.MINOR.PATCH, decimal digits only ("6.8", "5.15.0"). */
static int parse_kver(const char *s, int *out)
{
	long part[3] = { 0, 0, 0 };
	int n = 0;

	for (;;) {
		int digits = 0;

		for (; *s >= '0' && *s <= '9'; s++) {
			if (++digits > 6)
				return -1;
			part[n] = part[n] * 10 + (*s - '0');
		}
		if (!digits)
			return -1;
		n++;
		if (!*s)
			break;
		if (*s != '.' || n == 3)
			return -1;
		s++;
	}
	if (n < 2 || part[1] > 99)
		return -1;
	*out = (int)KVER(part[0], part[1]);
	return 0;
}

char *param_quote(const char *s, size_t max, char *buf, size_t len)
{
	return msg_quote(s, max, buf, len);
}

int param_parse_text(const struct param *p, const char *text, void *dst, char *err,
		     size_t errlen)
{
	return param_parse_shown(p, text, NULL, dst, err, errlen);
}

int param_parse_shown(const struct param *p, const char *text, const char *shown, void *dst,
		      char *err, size_t errlen)
{
	char quoted[128];
	const char *got = shown, *why = NULL;
	int64_t v;
	int i;

	if (!got)
		got = param_quote(text, 80, quoted, sizeof(quoted));
	if ((p->flags & PF_AUTO) && !strcmp(text, "auto")) {
		switch (p->type) {
		case PT_INT:
		case PT_TIME:
		case PT_RATE:
		case PT_BW:
		case PT_SIZE:
			*(int64_t *)dst = -1;
			return 0;
		default:
			break;
		}
	}
	switch (p->type) {
	case PT_INT:
		i = parse_int(text, &v);
		if (i)
			return fail(p, got, i == -2 ? "out of range" : NULL, err, errlen);
		goto bounds;
	case PT_TIME:
	case PT_RATE:
	case PT_BW:
	case PT_SIZE:
		if (units_parse(text, param_unit_kind(p->type), p->plain_scale, &v, &why))
			return fail(p, got, why, err, errlen);
		goto bounds;
	case PT_BOOL:
		if (!strcmp(text, "true"))
			*(bool *)dst = true;
		else if (!strcmp(text, "false"))
			*(bool *)dst = false;
		else
			return fail(p, got, NULL, err, errlen);
		return 0;
	case PT_ENUM:
		for (i = 0; p->names[i]; i++) {
			if (!strcmp(text, p->names[i])) {
				*(int *)dst = i;
				return 0;
			}
		}
		return fail(p, got, NULL, err, errlen);
	case PT_STRING:
	case PT_SPEC:
		if ((int64_t)strlen(text) >= p->max || (int64_t)strlen(text) < p->min)
			return fail(p, got, NULL, err, errlen);
		strcpy(dst, text);
		return 0;
	case PT_COST: {
		struct cost c;

		if (cost_parse(text, &c, &why))
			return fail(p, got, why, err, errlen);
		/* exp() and lognormal() are unbounded above: only their mean is */
		if (c.mean < p->min || c.mean > p->max ||
		    (c.dist == COST_UNIFORM && c.hi > p->max))
			return fail(p, got, "out of range", err, errlen);
		*(struct cost *)dst = c;
		return 0;
	}
	case PT_CPULIST: {
		struct cpulist *cl = dst;
		/* sysfs masks are hex without a prefix, so "12" would read as CPU
		 * 12 or CPUs 1 and 4; a mask is written after "0x", which no list
		 * can start with. */
		bool mask = is_cpu_row(p) && (!strncmp(text, "0x", 2) || !strncmp(text, "0X", 2));
		int rc = mask ? cpulist_parse_mask(text + 2, cl) : cpulist_parse(text, cl);

		if (rc)
			return fail(p, got, rc == -2 ? "CPU number out of range" : NULL, err, errlen);
		for (i = 0; i < cl->n; i++)
			if (cl->cpu[i] > p->max)
				return fail(p, got, "CPU number out of range", err, errlen);
		return 0;
	}
	case PT_KVER: {
		int k;

		if (parse_kver(text, &k) || k < p->min || k > p->max)
			return fail(p, got, NULL, err, errlen);
		*(int *)dst = k;
		return 0;
	}
	}
	return fail(p, got, NULL, err, errlen);
bounds:
	if (v < p->min || v > p->max)
		return fail(p, got, "out of range", err, errlen);
	*(int64_t *)dst = v;
	return 0;
}

char *param_format(const struct param *p, const void *src, char *buf, size_t len)
{
	int64_t v;
	size_t off;
	int i;

	switch (p->type) {
	case PT_INT:
	case PT_TIME:
	case PT_RATE:
	case PT_BW:
	case PT_SIZE:
		v = *(const int64_t *)src;
		if (v < 0 && (p->flags & PF_AUTO))
			snprintf(buf, len, "auto");
		else if (p->type == PT_INT)
			snprintf(buf, len, "%lld", (long long)v);
		else
			units_format(v, param_unit_kind(p->type), buf, (unsigned)len);
		break;
	case PT_BOOL:
		snprintf(buf, len, "%s", *(const bool *)src ? "true" : "false");
		break;
	case PT_ENUM:
		snprintf(buf, len, "%s", p->names[*(const int *)src]);
		break;
	case PT_STRING:
	case PT_SPEC:
		snprintf(buf, len, "%s", (const char *)src);
		break;
	case PT_COST:
		cost_format(src, buf, len);
		break;
	case PT_CPULIST: {
		const struct cpulist *cl = src;

		off = (size_t)snprintf(buf, len, "[");
		for (i = 0; i < cl->n && off < len; i++)
			off += (size_t)snprintf(buf + off, len - off, "%s%u", i ? "," : "",
						cl->cpu[i]);
		if (off < len)
			snprintf(buf + off, len - off, "]");
		break;
	}
	case PT_KVER:
		v = *(const int *)src;
		snprintf(buf, len, "%lld.%lld", (long long)(v / 1000), (long long)(v % 1000));
		break;
	}
	return buf;
}

size_t param_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[128];

	if (la >= 127 || lb >= 127)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* Close enough to be a typo: at most a third of the longer name, or the
 * wanted name is a suffix (e.g. "netdev_budget" for the full sysctl name). */
const char *param_nearest(const char *key, const char *const *keys, size_t n)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1, i;

	for (i = 0; i < n; i++) {
		size_t d = param_edit_distance(key, keys[i]);
		size_t lk = strlen(key), ln = strlen(keys[i]);

		if (ln > lk && !strcmp(keys[i] + ln - lk, key) && keys[i][ln - lk - 1] == '.')
			d = 1;
		if (d < best_d) {
			best_d = d;
			best = keys[i];
		}
	}
	if (best && best_d * 3 <= (strlen(best) > strlen(key) ? strlen(best) : strlen(key)) + 2)
		return best;
	return NULL;
}
