/* SPDX-License-Identifier: MIT */
/*
 * report_nf.h - the summary's netfilter, conntrack and packet tap parts
 * (report_nf.c), present only when a scenario has them.  Private to the
 * output layer.
 */
#ifndef RXSIM_OUTPUT_REPORT_NF_H
#define RXSIM_OUTPUT_REPORT_NF_H

#include <cjson/cJSON.h>
#include <stdio.h>

struct host;

/* "netfilter" and "taps" objects of the JSON summary */
void report_netfilter(const struct host *h, cJSON *root);
/* the drop counters a user reads for them, into drops.by_counter */
void report_netfilter_counters(const struct host *h, cJSON *by_counter);
/* their lines of the text summary */
void print_netfilter(FILE *f, const struct host *h);

#endif
