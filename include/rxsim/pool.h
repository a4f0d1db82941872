/* SPDX-License-Identifier: MIT */
/*
 * pool.h - fixed-size object pool with an intrusive free list.
 *
 * Sized once per run from what can be in flight (rings, backlogs, socket
 * buffers); the per-packet path only pops and pushes the free list.  If a
 * model's bound is ever too small the pool grows by doubling (counted in
 * @grows and reported), which keeps memory bounded by the peak in flight.
 */
#ifndef RXSIM_POOL_H
#define RXSIM_POOL_H

#include <stddef.h>
#include <stdint.h>

struct pool_chunk;

struct pool {
	size_t obj_size;
	void *free;		/* first word of a free object links the next */
	uint64_t in_use;
	uint64_t peak;
	uint64_t capacity;
	uint32_t grows;
	struct pool_chunk *chunks;
};

int pool_init(struct pool *p, size_t obj_size, uint64_t count);
void pool_destroy(struct pool *p);
int pool_grow(struct pool *p, uint64_t count);

static inline void *pool_get(struct pool *p)
{
	void *obj = p->free;

	if (!obj) {
		if (pool_grow(p, p->capacity ? p->capacity : 64))
			return NULL;
		obj = p->free;
	}
	p->free = *(void **)obj;
	if (++p->in_use > p->peak)
		p->peak = p->in_use;
	return obj;
}

static inline void pool_put(struct pool *p, void *obj)
{
	*(void **)obj = p->free;
	p->free = obj;
	p->in_use--;
}

#endif
