/* SPDX-License-Identifier: MIT */
/*
 * quote.c - user text in messages, quoted and escaped one way.
 */
#include <stdio.h>
#include <string.h>

#include "rxsim/quote.h"

/* The escaped form of the character at @s into @out (>= 8 bytes); returns
 * its length and sets *@in to the bytes consumed. */
static size_t escape_one(const char *s, char *out, size_t *in)
{
	unsigned char c = (unsigned char)*s;

	*in = 1;
	if (c == '\n' || c == '\t' || c == '\r')
		return (size_t)snprintf(out, 8, "\\%c", c == '\n' ? 'n' : c == '\t' ? 't' : 'r');
	if (c == '"' || c == '\\')
		return (size_t)snprintf(out, 8, "\\%c", c);
	if (c < 0x20 || c == 0x7f)
		return (size_t)snprintf(out, 8, "\\x%02x", c);
	/* a whole UTF-8 sequence: never cut inside one */
	while (*in < 4 && ((unsigned char)s[*in] & 0xc0) == 0x80)
		(*in)++;
	memcpy(out, s, *in);
	return *in;
}

char *msg_quote(const char *s, size_t max, char *buf, size_t len)
{
	size_t off = 0, n = 0;

	if (len < 8) {
		if (len)
			buf[0] = '\0';
		return buf;
	}
	buf[off++] = '"';
	while (*s) {
		char out[8];
		size_t in, o = escape_one(s, out, &in);

		if (n >= max || off + o + 5 > len)	/* room for '"', "..." and NUL */
			break;
		memcpy(buf + off, out, o);
		off += o;
		s += in;
		n++;
	}
	buf[off++] = '"';
	if (*s) {
		memcpy(buf + off, "...", 3);
		off += 3;
	}
	buf[off] = '\0';
	return buf;
}

void msg_escape_append(char *buf, size_t len, size_t *off, const char *s)
{
	if (!len)
		return;
	while (*s) {
		char out[8];
		size_t in, o = escape_one(s, out, &in);

		if (*off + o + 1 > len)
			break;
		memcpy(buf + *off, out, o);
		*off += o;
		s += in;
	}
	buf[*off < len ? *off : len - 1] = '\0';
}

void msg_oneline(char *msg, size_t len)
{
	char out[1024];
	size_t off = 0;
	const char *s;

	for (s = msg; *s && (unsigned char)*s >= 0x20 && *s != 0x7f; s++)
		;
	if (!*s || !len)
		return;
	for (s = msg; *s && off + 5 < sizeof(out); s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n' || c == '\t' || c == '\r')
			off += (size_t)snprintf(out + off, 5, "\\%c",
						c == '\n' ? 'n' : c == '\t' ? 't' : 'r');
		else if (c < 0x20 || c == 0x7f)
			off += (size_t)snprintf(out + off, 5, "\\x%02x", c);
		else
			out[off++] = (char)c;
	}
	out[off] = '\0';
	snprintf(msg, len, "%s", out);
}
