/* SPDX-License-Identifier: MIT */
/*
 * scenario.c - JSON scenario -> struct scenario, driven by the parameter
 * tables of models/params.c.  Walks the tree with cJSON_ArrayForEach so that
 * duplicate keys and unknown keys are seen (cJSON's lookups would silently
 * take the first, and case-insensitively).
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/run.h"
#include "rxsim/scenario.h"
#include "rxsim/units.h"

#define MAX_FILE_BYTES (64u << 20)

struct loader {
	const char *file;
	struct rxsim_err *err;
	const char *const *set_paths;	/* JSON pointers touched by --set */
	int nsets;
};

static int lerr(struct loader *L, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* JSON pointer of a child, with control characters of the key escaped
 * (\n, \t, \xNN) so that a message stays on one line; paths are short, a
 * cut one only blurs a message. */
static void child_path(char *dst, size_t n, const char *path, const char *key)
{
	size_t off;

	if (snprintf(dst, n, "%s/", path) >= (int)n) {
		dst[n - 1] = '\0';
		return;
	}
	off = strlen(dst);
	for (; *key && off + 5 < n; key++) {
		unsigned char c = (unsigned char)*key;

		if (c == '\n' || c == '\t' || c == '\r')
			off += (size_t)snprintf(dst + off, n - off, "\\%c",
						c == '\n' ? 'n' : c == '\t' ? 't' : 'r');
		else if (c < 0x20 || c == 0x7f)
			off += (size_t)snprintf(dst + off, n - off, "\\x%02x", c);
		else
			dst[off++] = (char)c;
	}
	dst[off] = '\0';
}

static void index_path(char *dst, size_t n, const char *path, unsigned i)
{
	char idx[16];

	snprintf(idx, sizeof(idx), "%u", i);
	child_path(dst, n, path, idx);
}

/* @path was given by --set, or lies inside a value given by --set. */
static bool path_from_set(const struct loader *L, const char *path)
{
	int i;

	for (i = 0; i < L->nsets; i++) {
		size_t n = L->set_paths[i] ? strlen(L->set_paths[i]) : 0;

		if (n && !strncmp(L->set_paths[i], path, n) && (!path[n] || path[n] == '/'))
			return true;
	}
	return false;
}

static int lerr(struct loader *L, const char *path, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(L->err->msg, sizeof(L->err->msg), "%s: %s: %s%s", L->file,
		 *path ? path : "/", msg, path_from_set(L, path) ? " (from --set)" : "");
	return RXSIM_EINPUT;
}

static const char *json_type_name(const cJSON *j)
{
	if (cJSON_IsNumber(j))
		return "a number";
	if (cJSON_IsString(j))
		return "a string";
	if (cJSON_IsBool(j))
		return "a boolean";
	if (cJSON_IsNull(j))
		return "null";
	if (cJSON_IsArray(j))
		return "an array";
	if (cJSON_IsObject(j))
		return "an object";
	return "an invalid value";
}

#define JSON_EXACT_LIMIT 9007199254740992.0	/* 2^53: doubles are exact integers below */

/*
 * The shortest decimal text that reads back as @d exactly ("0.1", not
 * %.17g's "0.10000000000000001", which is below 1 ps in ms), without an
 * exponent so that units_parse() takes it ("1e-07" becomes "0.0000001");
 * to @show a value, an exponent is kept beyond 1e-20..1e20.  Returns -1 if
 * @d is not finite.
 */
static int number_text(double d, char *buf, size_t len, bool show)
{
	char tmp[40], digits[40], out[400];
	int prec, exp10, nd = 0, point, i;
	size_t off = 0;
	const char *e, *q;

	if (!isfinite(d))
		return -1;
	if (d == 0)
		d = 0;	/* no "-0" */
	if (d == floor(d) && fabs(d) < JSON_EXACT_LIMIT) {
		snprintf(buf, len, "%.0f", d);
		return 0;
	}
	for (prec = 15; prec < 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
	e = strchr(tmp, 'e');
	exp10 = e ? atoi(e + 1) : 0;
	if (!e || (show && (exp10 < -20 || exp10 > 20))) {
		snprintf(buf, len, "%s", tmp);
		return 0;
	}
	for (q = tmp; q < e; q++)
		if (*q >= '0' && *q <= '9')
			digits[nd++] = *q;
	/* d.ddd x 10^exp10: the point goes after digit exp10 + 1 */
	point = exp10 + 1;
	if (tmp[0] == '-')
		out[off++] = '-';
	if (point <= 0) {
		out[off++] = '0';
		out[off++] = '.';
		for (i = 0; i < -point; i++)
			out[off++] = '0';
	}
	for (i = 0; i < nd || i < point; i++) {
		if (i == point && point > 0)
			out[off++] = '.';
		out[off++] = i < nd ? digits[i] : '0';
	}
	out[off] = '\0';
	return snprintf(buf, len, "%s", out) < (int)len ? 0 : -1;
}

/* The value after "got": numbers as written, strings quoted (control
 * characters escaped), other types by kind. */
static const char *json_shown(const cJSON *j, char *buf, size_t len)
{
	if (cJSON_IsString(j))
		return param_quote(j->valuestring, 60, buf, len);
	if (cJSON_IsNumber(j))
		return number_text(j->valuedouble, buf, len, true) ? "a number too large to represent"
							      : buf;
	if (cJSON_IsBool(j))
		return cJSON_IsTrue(j) ? "true" : "false";
	return json_type_name(j);
}

/* json_shown() into a buffer of the calling statement (for "got %s"). */
#define SHOWN(j) json_shown((j), (char[160]){ 0 }, 160)

/* Render a JSON scalar as the text a user would have written as a string. */
static int scalar_text(const cJSON *j, char *buf, size_t len)
{
	if (cJSON_IsString(j)) {
		if (strlen(j->valuestring) >= len)
			return -1;
		strcpy(buf, j->valuestring);
		return 0;
	}
	if (cJSON_IsBool(j)) {
		snprintf(buf, len, "%s", cJSON_IsTrue(j) ? "true" : "false");
		return 0;
	}
	if (!cJSON_IsNumber(j))
		return -1;
	return number_text(j->valuedouble, buf, len, false);
}

/* Integer rows beyond 2^53 (the seed) also take decimal strings, exactly. */
static bool int_as_string(const struct param *p)
{
	return p->type == PT_INT && p->max > (INT64_C(1) << 53);
}

/* What one element of a list row is ("CPU number 0..255"). */
static const char *cpulist_noun(const struct param *p)
{
	if (p->unit && !strcmp(p->unit, "cpus"))
		return "CPU number";
	if (p->unit && !strcmp(p->unit, "queues"))
		return "queue number";
	if (p->unit && !strcmp(p->unit, "weights"))
		return "weight";
	return "integer";
}

static int set_param(struct loader *L, const struct param *p, const cJSON *j, void *base,
		     const char *path)
{
	char text[1100], shown[160], exp[256], msg[400];
	void *dst = (char *)base + p->offset;
	const char *got;

	if (p->type == PT_CPULIST && cJSON_IsArray(j)) {
		struct cpulist *cl = dst;
		const size_t cap = sizeof(cl->cpu) / sizeof(cl->cpu[0]);
		const cJSON *e;

		if ((size_t)cJSON_GetArraySize(j) > cap)
			return lerr(L, path, "expected at most %zu entries, got %d", cap,
				    cJSON_GetArraySize(j));
		cl->n = 0;
		cJSON_ArrayForEach(e, j) {
			if (!cJSON_IsNumber(e) || e->valuedouble != floor(e->valuedouble) ||
			    e->valuedouble < (double)p->min || e->valuedouble > (double)p->max) {
				char epath[256];

				index_path(epath, sizeof(epath), path, cl->n);
				return lerr(L, epath, "expected %s %lld..%lld, got %s", cpulist_noun(p),
					    (long long)p->min, (long long)p->max,
					    json_shown(e, shown, sizeof(shown)));
			}
			cl->cpu[cl->n++] = (uint16_t)e->valuedouble;
		}
		return 0;
	}
	got = json_shown(j, shown, sizeof(shown));
	param_expected(p, exp, sizeof(exp));
	/* Type discipline: booleans only from JSON booleans, strings for names. */
	if ((p->type == PT_BOOL && !cJSON_IsBool(j)) ||
	    ((p->type == PT_STRING || p->type == PT_KVER) && !cJSON_IsString(j)) ||
	    (p->type == PT_INT && !cJSON_IsNumber(j) &&
	     !(cJSON_IsString(j) && (int_as_string(p) || ((p->flags & PF_AUTO) &&
							   !strcmp(j->valuestring, "auto"))))) ||
	    (p->type == PT_ENUM && !cJSON_IsString(j) && !cJSON_IsNumber(j)) ||
	    (!cJSON_IsString(j) && !cJSON_IsNumber(j) && !cJSON_IsBool(j)) ||
	    scalar_text(j, text, sizeof(text)))
		return lerr(L, path, "expected %s, got %s", exp, got);
	if (cJSON_IsNumber(j)) {
		/* cJSON reads numbers as doubles: 2^53 + 1 arrives as 2^53. */
		if (j->valuedouble >= JSON_EXACT_LIMIT && int_as_string(p))
			return lerr(L, path, "integers above 2^53 are not exact as JSON numbers; "
				    "give it as a string");
		if (p->type == PT_INT && j->valuedouble != floor(j->valuedouble))
			return lerr(L, path, "expected %s, got %s", exp, got);
	}
	if (param_parse_shown(p, text, got, dst, msg, sizeof(msg)))
		return lerr(L, path, "%s", msg);
	return 0;
}

static int set_defaults(struct loader *L, const struct param *params, void *base,
			const char *path)
{
	const struct param *p;
	char msg[400];

	for (p = params; p->key; p++) {
		void *dst = (char *)base + p->offset;

		if (!p->def) {
			if (p->type == PT_ENUM)
				*(int *)dst = 0;
			else if (p->type != PT_STRING && p->type != PT_COST &&
				 p->type != PT_CPULIST && p->type != PT_BOOL)
				*(int64_t *)dst = -1;
			continue;
		}
		if (param_parse_text(p, p->def, dst, msg, sizeof(msg))) {
			snprintf(L->err->msg, sizeof(L->err->msg),
				 "internal: default of %s/%s: %s", path, p->key, msg);
			return RXSIM_EINTERNAL;
		}
	}
	return 0;
}

static int fill_object(struct loader *L, const struct section *sec, const cJSON *obj,
		       void *base, const char *path);

/* Length of a leading "KEY: " or "KEY/SUB: " in @msg whose KEY the section
 * knows, or 0. */
static size_t check_key_prefix(const struct section *sec, const char *msg)
{
	size_t n = strspn(msg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-/");
	size_t first = strcspn(msg, "/");
	const struct param *p;
	const struct section *s;
	char key[128];

	if (!n || msg[n] != ':' || msg[n + 1] != ' ' || n >= sizeof(key))
		return 0;
	if (first > n)
		first = n;
	memcpy(key, msg, first);
	key[first] = '\0';
	for (p = sec->params; p && p->key; p++)
		if (!strcmp(p->key, key))
			return n;
	for (s = sec->subs; s && s->key; s++)
		if (!strcmp(s->key, key))
			return n;
	return 0;
}

static void collect_keys(const struct section *sec, const char **keys, size_t *n, size_t cap)
{
	const struct param *p;
	const struct section *s;

	for (p = sec->params; p && p->key && *n < cap; p++)
		keys[(*n)++] = p->key;
	for (s = sec->subs; s && s->key && *n < cap; s++)
		keys[(*n)++] = s->key;
}

static int fill_array(struct loader *L, const struct section *sub, const cJSON *arr,
		      void *parent, const char *path)
{
	void **slot = (void **)((char *)parent + sub->offset);
	uint32_t *count = (uint32_t *)((char *)parent + sub->count_offset);
	int n = cJSON_GetArraySize(arr), i = 0, rc;
	const cJSON *e;
	char *elems;

	if (!cJSON_IsArray(arr))
		return lerr(L, path, "expected an array of objects, got %s", SHOWN(arr));
	if ((uint32_t)n > sub->max_elems)
		return lerr(L, path, "expected at most %u entr%s, got %d", sub->max_elems,
			    sub->max_elems == 1 ? "y" : "ies", n);
	elems = calloc(n ? (size_t)n : 1, sub->elem_size);
	if (!elems) {
		snprintf(L->err->msg, sizeof(L->err->msg), "out of memory");
		return RXSIM_EINTERNAL;
	}
	free(*slot);
	*slot = elems;
	*count = (uint32_t)n;
	cJSON_ArrayForEach(e, arr) {
		char epath[256];

		index_path(epath, sizeof(epath), path, (unsigned)i);
		if (!cJSON_IsObject(e))
			return lerr(L, epath, "expected an object, got %s", SHOWN(e));
		rc = fill_object(L, sub, e, elems + (size_t)i * sub->elem_size, epath);
		if (rc)
			return rc;
		i++;
	}
	return 0;
}

static int fill_object(struct loader *L, const struct section *sec, const cJSON *obj,
		       void *base, const char *path)
{
	const cJSON *item;
	const struct param *p;
	const struct section *s;
	int rc;

	rc = set_defaults(L, sec->params, base, path);
	if (rc)
		return rc;
	/* Sub-objects get their defaults even when absent from the file. */
	for (s = sec->subs; s && s->key; s++) {
		if (s->kind == SEC_OBJECT) {
			char spath[256];

			child_path(spath, sizeof(spath), path, s->key);
			rc = fill_object(L, s, NULL, (char *)base + s->offset, spath);
			if (rc)
				return rc;
		}
	}
	if (!obj)
		goto check;
	cJSON_ArrayForEach(item, obj) {
		char ipath[256];
		const cJSON *dup;
		bool found = false;

		child_path(ipath, sizeof(ipath), path, item->string);
		for (dup = obj->child; dup != item; dup = dup->next)
			if (!strcmp(dup->string, item->string))
				return lerr(L, ipath, "duplicate key");
		for (p = sec->params; p && p->key; p++) {
			if (!strcmp(p->key, item->string)) {
				rc = set_param(L, p, item, base, ipath);
				if (rc)
					return rc;
				found = true;
				break;
			}
		}
		for (s = sec->subs; !found && s && s->key; s++) {
			if (strcmp(s->key, item->string))
				continue;
			found = true;
			if (s->kind == SEC_ARRAY) {
				rc = fill_array(L, s, item, base, ipath);
			} else if (!cJSON_IsObject(item)) {
				rc = lerr(L, ipath, "expected an object, got %s",
					  SHOWN(item));
			} else {
				rc = fill_object(L, s, item, (char *)base + s->offset, ipath);
			}
			if (rc)
				return rc;
		}
		if (!found && !(sec == &scenario_root && (!strcmp(item->string, "expect") ||
							   !strcmp(item->string, "sweep")))) {
			const char *keys[128];
			size_t n = 0;
			const char *near;

			collect_keys(sec, keys, &n, 128);
			if (sec == &scenario_root && n < 127) {
				keys[n++] = "expect";
				keys[n++] = "sweep";
			}
			near = param_nearest(item->string, keys, n);
			if (near)
				return lerr(L, ipath, "unknown key (did you mean \"%s\"?)", near);
			return lerr(L, ipath, "unknown key");
		}
	}
check:
	for (p = sec->params; p && p->key; p++) {
		if ((p->flags & PF_REQUIRED) &&
		    !(obj && cJSON_GetObjectItemCaseSensitive(obj, p->key))) {
			char exp[256];

			return lerr(L, path, "missing required key \"%s\" (%s)", p->key,
				    param_expected(p, exp, sizeof(exp)));
		}
	}
	if (sec->check && obj) {
		const char *key = NULL;
		char msg[300], kpath[256];

		memset(msg, 0, sizeof(msg));
		if (sec->check(base, &key, msg, sizeof(msg))) {
			const char *text = msg;

			if (key) {
				child_path(kpath, sizeof(kpath), path, key);
			} else {
				size_t klen = check_key_prefix(sec, msg);

				/* a check that still writes "KEY: what" */
				if (klen) {
					msg[klen] = '\0';
					child_path(kpath, sizeof(kpath), path, msg);
					text = msg + klen + 2;
				} else {
					snprintf(kpath, sizeof(kpath), "%s", path);
				}
			}
			return lerr(L, kpath, "%s", text);
		}
	}
	return 0;
}

/* "expect": { "SUMMARY.PATH": { "min": V, "max": V }, ... } */
static int load_expect(struct loader *L, const cJSON *ex, struct scenario *sc)
{
	const cJSON *item;
	int n, i = 0;

	if (!ex)
		return 0;
	if (!cJSON_IsObject(ex))
		return lerr(L, "/expect", "expected an object of summary paths, got %s",
			    SHOWN(ex));
	n = cJSON_GetArraySize(ex);
	sc->expect = calloc(n ? (size_t)n : 1, sizeof(*sc->expect));
	if (!sc->expect)
		return RXSIM_EINTERNAL;
	cJSON_ArrayForEach(item, ex) {
		struct expect_cfg *e = &sc->expect[i];
		const cJSON *b;
		char path[256];

		child_path(path, sizeof(path), "/expect", item->string);
		for (b = ex->child; b != item; b = b->next)
			if (!strcmp(b->string, item->string))
				return lerr(L, path, "duplicate key");
		if (strlen(item->string) >= sizeof(e->path))
			return lerr(L, path, "summary path too long");
		strcpy(e->path, item->string);
		if (!cJSON_IsObject(item))
			return lerr(L, path, "expected an object with \"min\" and/or \"max\", got %s",
				    SHOWN(item));
		cJSON_ArrayForEach(b, item) {
			char bpath[300], text[64];
			double *dst;
			bool *has;
			char *txt;

			child_path(bpath, sizeof(bpath), path, b->string);
			if (!strcmp(b->string, "min")) {
				dst = &e->min, has = &e->has_min, txt = e->min_text;
			} else if (!strcmp(b->string, "max")) {
				dst = &e->max, has = &e->has_max, txt = e->max_text;
			} else {
				return lerr(L, bpath, "unknown key (expected \"min\" or \"max\")");
			}
			if (*has)
				return lerr(L, bpath, "duplicate key");
			if (cJSON_IsNumber(b) && isfinite(b->valuedouble)) {
				*dst = b->valuedouble;
				number_text(*dst, txt, 32, true);
			} else if (cJSON_IsString(b) && strlen(b->valuestring) < 32) {
				strcpy(text, b->valuestring);
				if (rxsim_expect_value(text, dst))
					return lerr(L, bpath, "expected a number or a quantity "
						    "(e.g. \"100us\"), got \"%s\"", text);
				strcpy(txt, text);
			} else {
				return lerr(L, bpath, "expected a number or a quantity string, got %s",
					    SHOWN(b));
			}
			*has = true;
		}
		if (!e->has_min && !e->has_max)
			return lerr(L, path, "expected \"min\" and/or \"max\"");
		i++;
	}
	sc->n_expect = (uint32_t)i;
	return 0;
}

/* "sweep": { "PATH": [V, ...] | "FROM..TO/STEPS[log]" }: kept as text for
 * `rxsim sweep`, which resolves and validates it (other commands ignore it). */
static int load_sweep(struct loader *L, const cJSON *sw, struct scenario *sc)
{
	const cJSON *item, *v;
	int i = 0;

	if (!sw)
		return 0;
	if (!cJSON_IsObject(sw))
		return lerr(L, "/sweep", "expected an object of PATH: [values] or "
			    "\"FROM..TO/STEPS\", got %s", SHOWN(sw));
	sc->sweep = calloc((size_t)cJSON_GetArraySize(sw) + 1, sizeof(*sc->sweep));
	if (!sc->sweep)
		return RXSIM_EINTERNAL;
	cJSON_ArrayForEach(item, sw) {
		struct sweep_axis_cfg *a = &sc->sweep[i];
		char path[256];

		child_path(path, sizeof(path), "/sweep", item->string);
		if (!*item->string || strlen(item->string) >= sizeof(a->path))
			return lerr(L, path, "expected a --set path of 1..%zu bytes",
				    sizeof(a->path) - 1);
		for (v = sw->child; v != item; v = v->next)
			if (!strcmp(v->string, item->string))
				return lerr(L, path, "duplicate key");
		strcpy(a->path, item->string);
		sc->n_sweep = (uint32_t)++i;
		if (cJSON_IsString(item) && strlen(item->valuestring) < sizeof(a->range)) {
			strcpy(a->range, item->valuestring);
			continue;
		}
		if (!cJSON_IsArray(item) || !cJSON_GetArraySize(item))
			return lerr(L, path, "expected a non-empty array of values or "
				    "\"FROM..TO/STEPS[log]\", got %s", SHOWN(item));
		a->values = calloc((size_t)cJSON_GetArraySize(item), sizeof(*a->values));
		if (!a->values)
			return RXSIM_EINTERNAL;
		cJSON_ArrayForEach(v, item) {
			char text[300];

			if (!scalar_text(v, text, sizeof(text)))
				a->values[a->n_values] = strdup(text);
			else if (cJSON_IsArray(v))
				a->values[a->n_values] = cJSON_PrintUnformatted(v);
			else
				return lerr(L, path, "expected values (numbers, strings, booleans "
					    "or arrays), got %s", SHOWN(v));
			if (!a->values[a->n_values++])
				return RXSIM_EINTERNAL;
		}
	}
	return 0;
}

/* Line and column (in characters, not bytes) of @at. */
static void line_col(const char *buf, const char *at, int *line, int *col)
{
	const char *p;

	*line = 1;
	*col = 1;
	for (p = buf; p < at && *p; p++) {
		if (*p == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)*p & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

/*
 * JSON syntax, checked before cJSON parses the text: cJSON takes raw
 * control characters inside strings, and where it stops on an error is
 * sometimes one character past the culprit.  This finds the first error
 * and the character to blame.
 */
enum json_fault { JF_NONE, JF_NEAR, JF_EOF, JF_CTRL, JF_DEEP };

#define JSON_MAX_DEPTH 500	/* below cJSON's CJSON_NESTING_LIMIT (1000) */

struct json_scan {
	const char *p;
	const char *at;		/* the character to blame */
	enum json_fault fault;
};

static bool js_fail(struct json_scan *s, const char *at, enum json_fault f)
{
	s->at = at;
	s->fault = *at || f != JF_NEAR ? f : JF_EOF;
	return false;
}

static void js_ws(struct json_scan *s)
{
	while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')
		s->p++;
}

static bool js_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool js_string(struct json_scan *s)
{
	const char *open = s->p++;

	for (;;) {
		unsigned char c = (unsigned char)*s->p;

		if (c == '"') {
			s->p++;
			return true;
		}
		/* a line break inside a string: the closing quote is missing */
		if (!c || c == '\n' || c == '\r')
			return js_fail(s, open, JF_NEAR);
		if (c < 0x20)
			return js_fail(s, s->p, JF_CTRL);
		if (c == '\\') {
			const char *bs = s->p++;
			int i;

			c = (unsigned char)*s->p;
			if (c == 'u') {
				for (i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", s->p[i]) || !s->p[i])
						return js_fail(s, bs, JF_NEAR);
				s->p += 4;
			} else if (!c || !strchr("\"\\/bfnrt", c)) {
				return js_fail(s, bs, JF_NEAR);
			}
		}
		s->p++;
	}
}

static bool js_number(struct json_scan *s)
{
	const char *start = s->p;

	if (*s->p == '-')
		s->p++;
	if (!js_digit(*s->p))
		return js_fail(s, start, JF_NEAR);
	if (*s->p == '0')
		s->p++;
	else
		while (js_digit(*s->p))
			s->p++;
	if (*s->p == '.') {
		if (!js_digit(*++s->p))
			return js_fail(s, start, JF_NEAR);
		while (js_digit(*s->p))
			s->p++;
	}
	if (*s->p == 'e' || *s->p == 'E') {
		s->p++;
		if (*s->p == '+' || *s->p == '-')
			s->p++;
		if (!js_digit(*s->p))
			return js_fail(s, start, JF_NEAR);
		while (js_digit(*s->p))
			s->p++;
	}
	return true;
}

static bool js_value(struct json_scan *s, int depth);

/* An object or an array, from its opening bracket. */
static bool js_container(struct json_scan *s, int depth)
{
	bool object = *s->p == '{';
	char close = object ? '}' : ']';

	if (depth >= JSON_MAX_DEPTH)
		return js_fail(s, s->p, JF_DEEP);
	s->p++;
	js_ws(s);
	if (*s->p == close) {
		s->p++;
		return true;
	}
	for (;;) {
		if (object) {
			js_ws(s);
			if (*s->p != '"')
				return js_fail(s, s->p, JF_NEAR);
			if (!js_string(s))
				return false;
			js_ws(s);
			if (*s->p != ':')
				return js_fail(s, s->p, JF_NEAR);
			s->p++;
		}
		if (!js_value(s, depth + 1))
			return false;
		js_ws(s);
		if (*s->p == close) {
			s->p++;
			return true;
		}
		if (*s->p != ',')
			return js_fail(s, s->p, JF_NEAR);
		s->p++;
	}
}

static bool js_value(struct json_scan *s, int depth)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t i;

	js_ws(s);
	if (*s->p == '{' || *s->p == '[')
		return js_container(s, depth);
	if (*s->p == '"')
		return js_string(s);
	if (*s->p == '-' || js_digit(*s->p))
		return js_number(s);
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i]);

		if (!strncmp(s->p, words[i], n)) {
			s->p += n;
			return true;
		}
	}
	return js_fail(s, s->p, JF_NEAR);
}

/* "FILE:LINE:COL: invalid JSON near '...'": up to 12 characters of the rest
 * of the line from @at, control characters made visible (at most 4 bytes
 * each, so a UTF-8 sequence is never cut). */
static void json_near(const char *name, const char *buf, const char *at, struct rxsim_err *err)
{
	char near[64];
	size_t off = 0;
	int line, col, n = 0;
	const char *q;

	line_col(buf, at, &line, &col);
	for (q = at; *q && *q != '\n' && *q != '\r' && off + 8 < sizeof(near); q++) {
		unsigned char c = (unsigned char)*q;

		if ((c & 0xc0) != 0x80 && n++ == 12)
			break;
		if (c < 0x20 || c == 0x7f)
			off += (size_t)snprintf(near + off, sizeof(near) - off,
						c == '\t' ? "\\t" : "\\x%02x", c);
		else
			near[off++] = (char)c;
	}
	near[off] = '\0';
	snprintf(err->msg, sizeof(err->msg), "%s:%d:%d: invalid JSON near '%s'", name, line, col,
		 near);
}

/* 0 if @buf is one JSON text; else RXSIM_EINPUT with FILE:LINE:COL: msg. */
static int json_syntax(const char *name, const char *buf, struct rxsim_err *err)
{
	struct json_scan s = { .p = buf };
	int line, col;

	if (js_value(&s, 0)) {
		js_ws(&s);
		if (!*s.p)
			return 0;
		js_fail(&s, s.p, JF_NEAR);
	}
	line_col(buf, s.at, &line, &col);
	switch (s.fault) {
	case JF_EOF:
		snprintf(err->msg, sizeof(err->msg),
			 "%s:%d:%d: invalid JSON: unexpected end of input", name, line, col);
		break;
	case JF_CTRL:
		snprintf(err->msg, sizeof(err->msg),
			 "%s:%d:%d: invalid JSON: control character in string", name, line, col);
		break;
	case JF_DEEP:
		snprintf(err->msg, sizeof(err->msg),
			 "%s:%d:%d: invalid JSON: nested more than %d levels deep", name, line, col,
			 JSON_MAX_DEPTH);
		break;
	default:
		json_near(name, buf, s.at, err);
		break;
	}
	return RXSIM_EINPUT;
}

/*
 * --set: PATH=VALUE.  PATH is a JSON pointer ("/nics/0/rx_ring") or dotted
 * ("nics.0.rx_ring", "host.sysctl.net.core.netdev_budget"); dotted segments
 * are matched greedily against the keys the schema knows at each level, so
 * sysctl names keep their dots.  VALUE is JSON if it parses as JSON, else a
 * string ("10Gbps").
 */
static const struct section *find_sub(const struct section *sec, const char *key)
{
	const struct section *s;

	for (s = sec ? sec->subs : NULL; s && s->key; s++)
		if (!strcmp(s->key, key))
			return s;
	return NULL;
}

static bool known_key(const struct section *sec, const char *key)
{
	const struct param *p;

	if (!sec)
		return false;
	for (p = sec->params; p && p->key; p++)
		if (!strcmp(p->key, key))
			return true;
	return find_sub(sec, key) != NULL;
}

static bool dotted_keys(const struct section *sec)
{
	const struct param *p;

	for (p = sec ? sec->params : NULL; p && p->key; p++)
		if (strchr(p->key, '.'))
			return true;
	return false;
}

static int split_set_path(const char *path, const char *segs[], char store[][128], int max)
{
	const struct section *sec = &scenario_root;
	bool in_array = false;
	int n = 0;

	if (path[0] == '/') {
		const char *s = path + 1;

		while (*s && n < max) {
			size_t l = strcspn(s, "/");

			if (l == 0 || l >= 128)
				return -1;
			memcpy(store[n], s, l);
			store[n][l] = '\0';
			segs[n] = store[n];
			n++;
			s += l + (s[l] == '/');
		}
		return n;
	}
	while (*path && n < max) {
		size_t best = 0, l = 0;
		char cand[128];

		/* Longest dot-joined prefix the schema knows; else one segment. */
		for (;;) {
			size_t next = l + strcspn(path + l, ".");

			if (next >= sizeof(cand))
				break;
			memcpy(cand, path, next);
			cand[next] = '\0';
			if (!in_array && known_key(sec, cand))
				best = next;
			if (!path[next])
				break;
			l = next + 1;
		}
		/* Nothing known here: inside a section whose keys hold dots (sysctl
		 * names), the rest is one key, so a typo is reported whole. */
		if (!best)
			best = !in_array && dotted_keys(sec) ? strlen(path) : strcspn(path, ".");
		if (best == 0 || best >= 128)
			return -1;
		memcpy(store[n], path, best);
		store[n][best] = '\0';
		segs[n] = store[n];
		if (in_array) {
			in_array = false;
		} else {
			const struct section *s = find_sub(sec, store[n]);

			sec = s;
			in_array = s && s->kind == SEC_ARRAY;
		}
		n++;
		path += best + (path[best] == '.');
	}
	return n;
}

/* The row a --set path names, if the schema knows it. */
static const struct param *param_at(const char *const *segs, int n)
{
	const struct section *sec = &scenario_root;
	const struct param *p;
	int i;

	for (i = 0; i < n - 1 && sec; i++) {
		sec = find_sub(sec, segs[i]);
		if (sec && sec->kind == SEC_ARRAY)
			i++;	/* the element index */
	}
	if (!sec || i != n - 1)
		return NULL;
	for (p = sec->params; p && p->key; p++)
		if (!strcmp(p->key, segs[n - 1]))
			return p;
	return NULL;
}

static int apply_set(struct loader *L, cJSON *root, const char *spec, char **ptr_out)
{
	const char *eq = strchr(spec, '=');
	char path[256], store[16][128];
	const char *segs[16];
	cJSON *node = root, *val;
	int n, i;
	size_t off = 0;

	if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof(path)) {
		snprintf(L->err->msg, sizeof(L->err->msg),
			 "--set %s: expected PATH=VALUE (e.g. nics.0.rx_ring=1024)", spec);
		return RXSIM_EINPUT;
	}
	memcpy(path, spec, (size_t)(eq - spec));
	path[eq - spec] = '\0';
	n = split_set_path(path, segs, store, 16);
	if (n <= 0) {
		snprintf(L->err->msg, sizeof(L->err->msg), "--set %s: bad path \"%s\"", spec, path);
		return RXSIM_EINPUT;
	}
	*ptr_out = malloc(512);
	if (!*ptr_out)
		return RXSIM_EINTERNAL;
	(*ptr_out)[0] = '\0';
	for (i = 0; i < n; i++)
		off += (size_t)snprintf(*ptr_out + off, 512 - (off < 512 ? off : 512), "/%s",
					segs[i]);
	{
		const struct param *p = param_at(segs, n);

		/* Names and versions stay text: "6.10" must not become 6.1; so do
		 * integers beyond 2^53 (a seed), which a double would round. */
		if (p && (p->type == PT_STRING || p->type == PT_KVER ||
			  (int_as_string(p) && eq[1] && strspn(eq + 1, "0123456789") ==
			   strlen(eq + 1))))
			val = cJSON_CreateString(eq + 1);
		else if (!(val = cJSON_ParseWithOpts(eq + 1, NULL, 1)))
			val = cJSON_CreateString(eq + 1);
	}
	if (!val)
		return RXSIM_EINTERNAL;
	for (i = 0; i < n - 1; i++) {
		cJSON *next;

		if (cJSON_IsArray(node)) {
			char *end;
			long idx = strtol(segs[i], &end, 10);

			if (*end || idx < 0 || idx >= cJSON_GetArraySize(node)) {
				cJSON_Delete(val);
				snprintf(L->err->msg, sizeof(L->err->msg),
					 "--set %s: no element %s in %s (it has %d)", spec, segs[i],
					 path, cJSON_GetArraySize(node));
				return RXSIM_EINPUT;
			}
			next = cJSON_GetArrayItem(node, (int)idx);
		} else {
			next = cJSON_GetObjectItemCaseSensitive(node, segs[i]);
			if (!next) {
				/* Arrays cannot be created implicitly; objects can. */
				next = cJSON_CreateObject();
				if (!next || !cJSON_AddItemToObject(node, segs[i], next)) {
					cJSON_Delete(val);
					cJSON_Delete(next);
					return RXSIM_EINTERNAL;
				}
			}
		}
		if (!cJSON_IsObject(next) && !cJSON_IsArray(next)) {
			cJSON_Delete(val);
			snprintf(L->err->msg, sizeof(L->err->msg),
				 "--set %s: %s is not an object or array", spec, segs[i]);
			return RXSIM_EINPUT;
		}
		node = next;
	}
	if (cJSON_IsArray(node)) {
		char *end;
		long idx = strtol(segs[n - 1], &end, 10);

		if (*end || idx < 0 || idx >= cJSON_GetArraySize(node)) {
			cJSON_Delete(val);
			snprintf(L->err->msg, sizeof(L->err->msg), "--set %s: no element %s", spec,
				 segs[n - 1]);
			return RXSIM_EINPUT;
		}
		cJSON_ReplaceItemInArray(node, (int)idx, val);
	} else if (cJSON_GetObjectItemCaseSensitive(node, segs[n - 1])) {
		cJSON_ReplaceItemInObjectCaseSensitive(node, segs[n - 1], val);
	} else if (!cJSON_AddItemToObject(node, segs[n - 1], val)) {
		cJSON_Delete(val);
		return RXSIM_EINTERNAL;
	}
	return 0;
}

/* A message of scenario_resolve() ("FILE: /PATH: what") about a key that
 * came from --set says so too. */
static void mark_from_set(struct loader *L)
{
	size_t n = strlen(L->file), len = strlen(L->err->msg);
	const char *path = L->err->msg + n + 2, *end;
	char buf[256];

	if (strncmp(L->err->msg, L->file, n) || strncmp(L->err->msg + n, ": /", 3) ||
	    !(end = strstr(path, ": ")) || (size_t)(end - path) >= sizeof(buf))
		return;
	memcpy(buf, path, (size_t)(end - path));
	buf[end - path] = '\0';
	if (path_from_set(L, buf))
		snprintf(L->err->msg + len, sizeof(L->err->msg) - len, " (from --set)");
}

/* Every expect path names a number the summary will hold. */
static int check_expect_paths(struct loader *L, const struct scenario *sc)
{
	char near[128], path[256];
	uint32_t bad = 0;
	int rc = rxsim_expect_known(sc, sc->expect, sc->n_expect, &bad, near, sizeof(near));

	if (rc <= 0) {
		if (rc)
			snprintf(L->err->msg, sizeof(L->err->msg), "%s: out of memory", L->file);
		return rc;
	}
	child_path(path, sizeof(path), "/expect", sc->expect[bad].path);
	if (near[0])
		return lerr(L, path, "unknown summary value (did you mean \"%s\"?)", near);
	return lerr(L, path, "unknown summary value (names are those of the summary JSON, "
		    "e.g. drops.total, latency_ns.e2e.p99)");
}

int scenario_load_buffer(const char *name, const char *buf, size_t len,
			 const char *const *sets, int nsets, struct scenario *sc,
			 struct rxsim_err *err)
{
	struct loader L = { .file = name, .err = err };
	const char *end = NULL;
	char **set_paths = NULL;
	cJSON *root;
	int rc = 0, i;

	memset(sc, 0, sizeof(*sc));
	snprintf(sc->file, sizeof(sc->file), "%s", name);
	if (strlen(buf) != len) {
		snprintf(err->msg, sizeof(err->msg), "%s: contains a NUL byte (not a JSON text file)",
			 name);
		return RXSIM_EINPUT;
	}
	if (!strncmp(buf, "\xef\xbb\xbf", 3))	/* a UTF-8 byte order mark */
		buf += 3;
	rc = json_syntax(name, buf, err);
	if (rc)
		return rc;
	root = cJSON_ParseWithOpts(buf, &end, 1);
	if (!root) {
		/* What json_syntax() lets pass but cJSON does not: a lone UTF-16
		 * surrogate in \u escapes, a number of 64 characters or more. */
		if (end && *end) {
			json_near(name, buf, end, err);
			return RXSIM_EINPUT;
		}
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory parsing JSON", name);
		return RXSIM_EINTERNAL;
	}
	if (!cJSON_IsObject(root)) {
		rc = lerr(&L, "", "expected a JSON object, got %s", SHOWN(root));
		goto out;
	}
	if (nsets) {
		set_paths = calloc((size_t)nsets, sizeof(*set_paths));
		if (!set_paths) {
			rc = RXSIM_EINTERNAL;
			goto out;
		}
	}
	L.set_paths = (const char *const *)set_paths;
	for (i = 0; i < nsets; i++) {
		rc = apply_set(&L, root, sets[i], &set_paths[i]);
		if (rc)
			goto out;
		L.nsets = i + 1;
	}
	rc = fill_object(&L, &scenario_root, root, sc, "");
	if (!rc)
		rc = load_expect(&L, cJSON_GetObjectItemCaseSensitive(root, "expect"), sc);
	if (!rc)
		rc = load_sweep(&L, cJSON_GetObjectItemCaseSensitive(root, "sweep"), sc);
	if (!rc) {
		rc = scenario_resolve(sc, err);
		if (rc == RXSIM_EINPUT)
			mark_from_set(&L);
	}
	if (!rc)
		rc = check_expect_paths(&L, sc);
out:
	for (i = 0; set_paths && i < nsets; i++)
		free(set_paths[i]);
	free(set_paths);
	cJSON_Delete(root);
	if (rc && !err->msg[0])
		snprintf(err->msg, sizeof(err->msg), "%s: out of memory", name);
	if (rc)
		scenario_free(sc);
	return rc;
}

int scenario_load(const char *path, const char *const *sets, int nsets, struct scenario *sc,
		  struct rxsim_err *err)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc;

	err->msg[0] = '\0';
	if (!f) {
		snprintf(err->msg, sizeof(err->msg), "%s: cannot open: %s", path, strerror(errno));
		return RXSIM_EINPUT;
	}
	for (;;) {
		size_t got;

		if (cap - len < 65536) {
			char *nb;

			cap = cap ? cap * 2 : 65536;
			if (cap > MAX_FILE_BYTES + 65536) {
				snprintf(err->msg, sizeof(err->msg), "%s: larger than %u MiB", name,
					 MAX_FILE_BYTES >> 20);
				rc = RXSIM_EINPUT;
				goto out;
			}
			nb = realloc(buf, cap + 1);
			if (!nb) {
				snprintf(err->msg, sizeof(err->msg), "%s: out of memory", name);
				rc = RXSIM_EINTERNAL;
				goto out;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err->msg, sizeof(err->msg), "%s: read error: %s", name, strerror(errno));
		rc = RXSIM_EINPUT;
		goto out;
	}
	buf[len] = '\0';
	rc = scenario_load_buffer(name, buf, len, sets, nsets, sc, err);
out:
	free(buf);
	if (f != stdin)
		fclose(f);
	return rc;
}

void scenario_free(struct scenario *sc)
{
	uint32_t i;

	for (i = 0; sc->apps && i < sc->n_apps; i++)
		free(sc->apps[i].pauses);
	free(sc->nics);
	free(sc->sockets);
	free(sc->apps);
	free(sc->traffic);
	free(sc->hogs);
	free(sc->expect);
	for (i = 0; sc->sweep && i < sc->n_sweep; i++) {
		while (sc->sweep[i].n_values)
			free(sc->sweep[i].values[--sc->sweep[i].n_values]);
		free(sc->sweep[i].values);
	}
	free(sc->sweep);
	sc->sweep = NULL;
	sc->n_sweep = 0;
	sc->nics = NULL;
	sc->sockets = NULL;
	sc->apps = NULL;
	sc->traffic = NULL;
	sc->hogs = NULL;
	sc->expect = NULL;
	sc->n_nics = sc->n_sockets = sc->n_apps = sc->n_traffic = sc->n_hogs = sc->n_expect = 0;
}

static void visit_section(const struct section *sec, const void *base, const char *path,
			  scenario_visit_fn fn, void *arg)
{
	const struct param *p;
	const struct section *s;
	char sub[256];

	for (p = sec->params; p && p->key; p++) {
		child_path(sub, sizeof(sub), path, p->key);
		fn(arg, sub, p, (const char *)base + p->offset);
	}
	for (s = sec->subs; s && s->key; s++) {
		if (s->kind == SEC_OBJECT) {
			child_path(sub, sizeof(sub), path, s->key);
			visit_section(s, (const char *)base + s->offset, sub, fn, arg);
		} else {
			const char *elems = *(const char *const *)((const char *)base + s->offset);
			uint32_t n = *(const uint32_t *)((const char *)base + s->count_offset), i;

			for (i = 0; i < n; i++) {
				char arr[256];

				child_path(arr, sizeof(arr), path, s->key);
				index_path(sub, sizeof(sub), arr, i);
				visit_section(s, elems + (size_t)i * s->elem_size, sub, fn, arg);
			}
		}
	}
}

void scenario_visit(const struct scenario *sc, scenario_visit_fn fn, void *arg)
{
	visit_section(&scenario_root, sc, "", fn, arg);
}
