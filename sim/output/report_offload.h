/* SPDX-License-Identifier: MIT */
/*
 * report_offload.h - the GRO and XDP parts of the summary (report_offload.c):
 * present only where the scenario turned them on, so other summaries keep
 * their shape.
 */
#ifndef RXSIM_OUTPUT_REPORT_OFFLOAD_H
#define RXSIM_OUTPUT_REPORT_OFFLOAD_H

#include <stdio.h>

#include <cjson/cJSON.h>

struct host;
struct nic;
struct rxq;

/* "gro" and "xdp" objects of one rx queue @q of @n into @qo. */
void report_queue_offload(const struct nic *n, const struct rxq *q, cJSON *qo);
struct vdev;
/* "napi" of a veth @d in NAPI mode: its polls, ring, ethtool -S rx_queue_0_*
 * counters, the peer's tx_dropped, "gro" and "xdp" like a NIC queue's. */
void report_veth_napi(const struct vdev *d, cJSON *o);
/* "cpumap" of NIC @n (its entries and kthreads) into @o. */
void report_nic_cpumap(const struct host *h, const struct nic *n, cJSON *o);
/* Text summary lines for GRO and XDP (none when neither is on). */
void report_print_offload(FILE *f, const struct host *h, double secs);

#endif
