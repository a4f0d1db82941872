/* SPDX-License-Identifier: MIT */
/*
 * dev_spec.h - text keys of the virtual devices and of traffic loss,
 * parsed by the scenario layer (sim/scenario/dev_spec.c).
 */
#ifndef RXSIM_DEV_SPEC_H
#define RXSIM_DEV_SPEC_H

#include <stdint.h>

#include "rxsim/config.h"

/* The x86-64 6.x profile of a UDP sender's skb (models/dev_virtual.c
 * derives it). */
#define TRUESIZE_PROFILE_DEFAULT \
	"197:832,645:1280,1669:2304,3717:4352,7813:8448,16004:16640,+832"

/* "MAXPAYLOAD:TRUESIZE,...,+OVERHEAD" or "auto": 0, or -1 with *why. */
int truesize_profile_parse(const char *text, struct truesize_profile *ts, const char **why);
/* "0.001" or "0.1%": the probability times 2^32 in *out; 0 or -1. */
int loss_parse(const char *text, uint32_t *out);

#endif
