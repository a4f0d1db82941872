/* SPDX-License-Identifier: MIT */
/*
 * alloc.h - the one allocation helper that aborts: for memory whose lack
 * leaves a run nothing sensible to do (growing the event heap or the packet
 * pool mid-run).  Everything else returns an error to its caller.
 */
#ifndef RXSIM_ALLOC_H
#define RXSIM_ALLOC_H

#include <stddef.h>

/* A one-line message naming what could not grow, then abort(). */
_Noreturn void sim_oom(const char *what);
/* realloc(@ptr, @n * @size), or sim_oom(@what). */
void *sim_xrealloc(void *ptr, size_t n, size_t size, const char *what);

#endif
