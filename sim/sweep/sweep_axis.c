/* SPDX-License-Identifier: MIT */
/*
 * sweep_axis.c - the values of one sweep axis: a list split on commas
 * outside brackets, or a range FROM..TO/STEPS[log] expanded for the
 * parameter's type; and the row a --set path names, with its value in the
 * natural units of a CSV cell.
 */
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/param.h"
#include "rxsim/scenario.h"
#include "rxsim/sweep.h"
#include "rxsim/units.h"
#include "sweep_int.h"

#define MAX_STEPS	100000

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
	char qt[200];

	param_quote(text, 80, qt, sizeof(qt));

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
				snprintf(err, errlen, "empty value in the list %s", qt);
				sweep_free_list(list, n);
				return -1;
			}
			nl = realloc(list, (size_t)(n + 1) * sizeof(*list));
			if (!nl || !(nl[n] = sweep__strndup(a, (size_t)(z - a)))) {
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
	snprintf(err, errlen, "unbalanced brackets in %s", qt);
	sweep_free_list(list, n);
	return -1;
}

/* Position of ".." outside (), [] and {}, or NULL. */
const char *sweep__find_dots(const char *text)
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
	return sweep__find_dots(text) != NULL;
}

static bool is_quantity(enum param_type t)
{
	return t == PT_TIME || t == PT_RATE || t == PT_BW || t == PT_SIZE;
}

int sweep_expand_range(const struct param *p, const char *text, char ***out, char *err,
		       size_t errlen)
{
	const char *dots = sweep__find_dots(text), *slash = strrchr(text, '/'), *s;
	char from[128], to[128], msg[400];
	int64_t lo, hi, *v;
	unsigned long steps;
	bool geo = false;
	char **list;
	unsigned long i;
	char qt[200];

	param_quote(text, 80, qt, sizeof(qt));
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
		snprintf(err, errlen, "range %s: STEPS must be 2..%d (the number of values, "
			 "both ends included)", qt, MAX_STEPS);
		return -1;
	}
	if (p->type != PT_INT && !is_quantity(p->type)) {
		char exp[256];

		snprintf(err, errlen, "range %s: needs a numeric parameter, this one takes %s "
			 "(give a list: A,B,C)", qt, param_expected(p, exp, sizeof(exp)));
		return -1;
	}
	if (param_parse_text(p, from, &lo, msg, sizeof(msg)) || lo < 0) {
		snprintf(err, errlen, "range %s: FROM: %s", qt,
			 lo < 0 ? "\"auto\" is not a number" : msg);
		return -1;
	}
	if (param_parse_text(p, to, &hi, msg, sizeof(msg)) || hi < 0) {
		snprintf(err, errlen, "range %s: TO: %s", qt,
			 hi < 0 ? "\"auto\" is not a number" : msg);
		return -1;
	}
	if (lo > hi) {
		snprintf(err, errlen, "range %s: FROM is greater than TO", qt);
		return -1;
	}
	if (geo && lo <= 0) {
		snprintf(err, errlen, "range %s: log spacing needs FROM > 0", qt);
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
			snprintf(err, errlen, "range %s: %lu steps repeat values once rounded to "
				 "the parameter's resolution (use fewer steps)", qt, steps);
			goto fail;
		}
	}
	for (i = 0; i < steps; i++) {
		char buf[64];

		if (p->type == PT_INT)
			snprintf(buf, sizeof(buf), "%" PRId64, v[i]);
		else
			units_format(v[i], param_unit_kind(p->type), buf, sizeof(buf));
		list[i] = sweep__strndup(buf, strlen(buf));
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
	snprintf(err, errlen, "range %s: expected FROM..TO/STEPS or FROM..TO/STEPSlog "
		 "(e.g. 100kpps..1Mpps/10)", qt);
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
	{
		const char *a = path + (f->want[0] != '/'), *b = f->want;

		/* dotted: a dot stands for a slash; "*" for one whole segment (an
		 * array element: --set's "every element") */
		while (*a && *b) {
			if (*b == '*' && (a == path || a[-1] == '/') && (!b[1] || b[1] == '.' ||
									  b[1] == '/')) {
				a += strcspn(a, "/");
				b++;
				continue;
			}
			if (!(*a == *b || (*a == '/' && *b == '.' && f->want[0] != '/')))
				break;
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
