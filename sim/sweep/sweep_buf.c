/* SPDX-License-Identifier: MIT */
/*
 * sweep_buf.c - the growing strings of a sweep (CSV rows, point labels, the
 * worker protocol): appends stop and set a flag when memory runs out, so a
 * caller checks once at the end rather than after every append.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/sweep.h"
#include "sweep_int.h"

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

char *sweep__strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}
