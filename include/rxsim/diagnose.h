/* SPDX-License-Identifier: MIT */
/*
 * diagnose.h - findings of a finished run: where drops happened, what was
 * saturated, which knobs would move it, with the counters behind each.
 */
#ifndef RXSIM_DIAGNOSE_H
#define RXSIM_DIAGNOSE_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "rxsim/host.h"

/* An array of { kind, finding, evidence{}, knobs[] }; the caller owns it. */
cJSON *rxsim_diagnose(const struct host *h);
void rxsim_print_diagnosis(FILE *f, const cJSON *list);

#endif
