/* SPDX-License-Identifier: MIT */
/*
 * report_nf.h - the summary's netfilter, conntrack and packet tap parts
 * (report_nf.c), present only when a scenario has them.  Private to the
 * output layer.
 */
#ifndef RXSIM_OUTPUT_REPORT_NF_H
#define RXSIM_OUTPUT_REPORT_NF_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct host;

/* "netfilter" and "taps" objects of the JSON summary */
void report_netfilter(const struct host *h, cJSON *root);
/* the drop counters a user reads for them, into drops.by_counter */
void report_netfilter_counters(const struct host *h, cJSON *by_counter);
/* time series: whether drop place @i has a column; the extra columns
 * (conntrack count and drops, tap drops) and their per-row values, with
 * @prev the counters at the last row */
bool ts_drop_shown(const struct host *h, int i);
void ts_netfilter_header(FILE *f, const struct host *h);
void ts_netfilter_row(FILE *f, const struct host *h, uint64_t prev[6]);
/* their lines of the text summary */
void print_netfilter(FILE *f, const struct host *h);

#endif
