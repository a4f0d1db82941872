/* SPDX-License-Identifier: MIT */
/*
 * xdp_spec.h - the scenario keys of XDP and GRO (sim/scenario/xdp_spec.c):
 * the text of an XDP rule checked and parsed into xdp_rule_cfg, and the
 * checks across sections (traffic names, CPUs, the kernel version each key
 * needs).
 */
#ifndef RXSIM_XDP_SPEC_H
#define RXSIM_XDP_SPEC_H

#include <stddef.h>

struct scenario;
struct rxsim_err;

/* Section check of one xdp_rules element: 0, or -1 with @key and @msg. */
int xdp_rule_cfg_check(const void *elem, const char **key, char *msg, size_t len);
/* Parse every rule, resolve traffic names, check CPUs and kernel versions:
 * 0 or RXSIM_EINPUT with "FILE: /PATH: what" in @err. */
int scenario_resolve_xdp_gro(struct scenario *sc, struct rxsim_err *err);

#endif
