/* SPDX-License-Identifier: MIT */
/*
 * scenario_syntax.c - JSON syntax, checked before cJSON parses the text:
 * cJSON takes raw control characters inside strings, and where it stops on
 * an error is sometimes one character past the culprit.  This finds the
 * first error and the character to blame, and names it FILE:LINE:COL.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "rxsim/scenario.h"
#include "scenario_int.h"

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
void scenario__json_near(const char *name, const char *buf, const char *at, struct rxsim_err *err)
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
int scenario__json_syntax(const char *name, const char *buf, struct rxsim_err *err)
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
		scenario__json_near(name, buf, s.at, err);
		break;
	}
	return RXSIM_EINPUT;
}
