/* SPDX-License-Identifier: MIT */
/*
 * scenario_text.c - paths and values as the scenario loader writes them:
 * JSON pointers with the control characters of keys escaped, numbers as the
 * shortest exact decimal, the value after "got", and the "FILE: /PATH: what"
 * message itself.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/quote.h"
#include "rxsim/scenario.h"
#include "scenario_int.h"

/* JSON pointer of a child, with control characters of the key escaped
 * (\n, \t, \xNN) so that a message stays on one line; paths are short, a
 * cut one only blurs a message. */
void scenario__child_path(char *dst, size_t n, const char *path, const char *key)
{
	size_t off;

	if (snprintf(dst, n, "%s/", path) >= (int)n) {
		dst[n - 1] = '\0';
		return;
	}
	off = strlen(dst);
	msg_escape_append(dst, n, &off, key);
}

void scenario__index_path(char *dst, size_t n, const char *path, unsigned i)
{
	char idx[16];

	snprintf(idx, sizeof(idx), "%u", i);
	scenario__child_path(dst, n, path, idx);
}

int scenario__error(struct loader *L, const char *path, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(L->err->msg, sizeof(L->err->msg), "%s: %s: %s%s", L->file,
		 *path ? path : "/", msg, scenario__path_from_set(L, path) ? " (from --set)" : "");
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

/*
 * The shortest decimal text that reads back as @d exactly ("0.1", not
 * %.17g's "0.10000000000000001", which is below 1 ps in ms), without an
 * exponent so that units_parse() takes it ("1e-07" becomes "0.0000001");
 * to @show a value, an exponent is kept beyond 1e-20..1e20.  Returns -1 if
 * @d is not finite.
 */
int scenario__number_text(double d, char *buf, size_t len, bool show)
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
const char *scenario__json_shown(const cJSON *j, char *buf, size_t len)
{
	if (cJSON_IsString(j))
		return param_quote(j->valuestring, 60, buf, len);
	if (cJSON_IsNumber(j))
		return scenario__number_text(j->valuedouble, buf, len, true) ?
		       "a number too large to represent" : buf;
	if (cJSON_IsBool(j))
		return cJSON_IsTrue(j) ? "true" : "false";
	return json_type_name(j);
}

/* Render a JSON scalar as the text a user would have written as a string. */
int scenario__scalar_text(const cJSON *j, char *buf, size_t len)
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
	return scenario__number_text(j->valuedouble, buf, len, false);
}
