/* SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "rxsim/alloc.h"

void sim_oom(const char *what)
{
	fprintf(stderr, "rxsim: out of memory growing %s\n", what);
	abort();
}

void *sim_xrealloc(void *ptr, size_t n, size_t size, const char *what)
{
	void *p = NULL;

	if (!size || n <= SIZE_MAX / size)
		p = realloc(ptr, n && size ? n * size : 1);
	if (!p)
		sim_oom(what);
	return p;
}
