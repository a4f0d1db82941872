/* SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "rxsim/pool.h"

struct pool_chunk {
	struct pool_chunk *next;
	uint64_t count;
	max_align_t objs[];
};

int pool_init(struct pool *p, size_t obj_size, uint64_t count)
{
	size_t a = sizeof(max_align_t);

	if (obj_size < sizeof(void *))
		obj_size = sizeof(void *);
	p->obj_size = (obj_size + a - 1) / a * a;
	p->free = NULL;
	p->in_use = p->peak = p->capacity = 0;
	p->grows = 0;
	p->chunks = NULL;
	return count ? pool_grow(p, count) : 0;
}

int pool_grow(struct pool *p, uint64_t count)
{
	struct pool_chunk *c;
	char *base;
	uint64_t i;

	/* zeroed: a field a producer leaves unset (a packet's TCP fields from a
	 * UDP source) reads as 0, or as the last user left it, never as garbage */
	c = calloc(1, sizeof(*c) + p->obj_size * count);
	if (!c)
		return -1;
	c->next = p->chunks;
	c->count = count;
	p->chunks = c;
	if (p->capacity)
		p->grows++;
	p->capacity += count;
	base = (char *)c->objs;
	/* Link in address order so the first objects handed out are adjacent. */
	for (i = count; i-- > 0;) {
		void *obj = base + i * p->obj_size;

		*(void **)obj = p->free;
		p->free = obj;
	}
	return 0;
}

void pool_destroy(struct pool *p)
{
	struct pool_chunk *c = p->chunks;

	while (c) {
		struct pool_chunk *n = c->next;

		free(c);
		c = n;
	}
	p->chunks = NULL;
	p->free = NULL;
}
