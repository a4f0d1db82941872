/* SPDX-License-Identifier: MIT */
/*
 * fake_napi.h - a NAPI instance on an empty ring for the tests of the NAPI
 * core's state rules: every poll returns at once with no work, and each
 * completion that re-enables the IRQ is counted.
 */
#ifndef RXSIM_TEST_FAKE_NAPI_H
#define RXSIM_TEST_FAKE_NAPI_H

#include "rxsim/napi.h"

struct fake {
	int completes;		/* ops->complete calls (IRQ re-enabled) */
};

static void fake_begin(struct host *h, struct napi *n, int budget)
{
	(void)h;
	n->work = 0;
	n->budget = budget;
}

static int fake_step(struct host *h, struct cpu *c, struct napi *n, sim_time_t *cost)
{
	(void)h;
	(void)c;
	(void)n;
	(void)cost;
	return 0;
}

static void fake_complete(struct host *h, struct napi *n)
{
	(void)h;
	((struct fake *)n->priv)->completes++;
}

static const struct napi_ops fake_ops = {
	.name = "fake",
	.poll_begin = fake_begin,
	.poll_step = fake_step,
	.complete = fake_complete,
};

#endif
