/* SPDX-License-Identifier: MIT */
/*
 * report_tcp.h - the summary's "tcp" section (private to sim/output).
 */
#ifndef RXSIM_REPORT_TCP_H
#define RXSIM_REPORT_TCP_H

#include <cjson/cJSON.h>

#include "rxsim/host.h"

/* Adds "tcp" to @root when the run has TCP; @secs is the simulated time. */
void report_tcp(const struct host *h, cJSON *root, double secs);

#endif
