/* SPDX-License-Identifier: MIT */
/*
 * trace.h - packet sources that replay recorded traffic (trace *input*:
 * pcap, pcapng, CSV).  Not the timeline trace of a run, which is output
 * (timeline.h).
 *
 * The traffic model never opens a file: the run layer (sim/) opens a trace
 * with trace_open(), which reads pcap and pcapng through libpcap
 * (sim/trace/trace_pcap.c) or a CSV file (sim/trace/trace_csv.c), and hands the model a
 * struct pkt_source.  The model pulls one record at a time through the ops
 * table, keeping one packet of read-ahead, so a trace of any length streams
 * in constant memory.
 *
 * A record that is not replayable (not IPv4/IPv6, not UDP/TCP, a fragment,
 * cut short by the snap length, larger than a jumbo frame) is still
 * returned, with @skip saying why, so that the model counts it for the
 * summary instead of it vanishing silently.
 */
#ifndef RXSIM_TRACE_H
#define RXSIM_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "rxsim/config.h"
#include "rxsim/engine.h"
#include "rxsim/flow.h"

struct host;
struct scenario;
struct rxsim_err;

enum trace_skip {
	TRACE_OK,		/* replayable */
	TRACE_SKIP_NOT_IP,	/* ARP, LLDP, 802.3 LLC, ...: no IPv4/IPv6 header */
	TRACE_SKIP_NOT_UDP_TCP,	/* ICMP, ESP, SCTP, ... */
	TRACE_SKIP_FRAGMENT,	/* IPv6 fragment, or IPv4 one ip_defrag cannot place */
	TRACE_SKIP_SNAPPED,	/* captured bytes end before the ports */
	TRACE_SKIP_OVERSIZE,	/* above 9018 bytes (a GRO/TSO super-frame) */
	TRACE_SKIP__N,
};

/* Summary names of the skip reasons (models/traffic.c). */
extern const char *const trace_skip_names[TRACE_SKIP__N];

/* Frame sizes the model accepts: Ethernet minimum to jumbo, with FCS. */
#define TRACE_MIN_FRAME	64
#define TRACE_MAX_FRAME	9018

struct trace_pkt {
	sim_time_t t;			/* since the first record: >= 0, non-decreasing */
	uint64_t number;		/* 1-based record number (pcap) or line number (CSV) */
	struct flow_tuple tuple;
	uint32_t size;			/* L2 frame with FCS: original length + 4, >= 64 */
	uint8_t skip;			/* enum trace_skip */
	uint8_t clamped;		/* earlier than the previous record: raised to it */
};

/**
 * struct pkt_source_ops - one trace reader.
 * @name: "pcap" or "csv", for messages.
 * @next: the next record; returns 1 and fills @out, 0 at the end, or -1
 *        with "FILE: packet N: what" (or "FILE:LINE: what") in @err.
 * @rewind: start again from the first record (times stay relative to it);
 *          0 or -1 with @err.
 * @close: release everything (the source is unusable afterwards).
 */
struct pkt_source_ops {
	const char *name;
	int (*next)(void *ctx, struct trace_pkt *out, char *err, size_t errlen);
	int (*rewind)(void *ctx, char *err, size_t errlen);
	void (*close)(void *ctx);
};

struct pkt_source {
	const struct pkt_source_ops *ops;
	void *ctx;
};

/* Readers (sim/trace/trace_pcap.c, sim/trace/trace_csv.c).  Return 0, or RXSIM_EINPUT
 * (missing, unreadable, corrupt, unsupported) / RXSIM_EINTERNAL (memory)
 * with a one-line message naming @path in @err. */
int trace_pcap_open(const char *path, struct pkt_source *out, char *err, size_t errlen);
int trace_csv_open(const char *path, struct pkt_source *out, char *err, size_t errlen);
/* @format: enum trace_format; auto picks CSV for a ".csv" name, else pcap. */
static inline bool trace_is_csv(const char *path, int format)
{
	size_t n = strlen(path);

	return format == TRACE_FMT_CSV ||
	       (format == TRACE_FMT_AUTO && n >= 4 &&
		(!strcmp(path + n - 4, ".csv") || !strcmp(path + n - 4, ".CSV")));
}
int trace_open(const char *path, int format, struct pkt_source *out, char *err,
	       size_t errlen);

/* @file relative to the directory of @scenario_file (unless absolute). */
void trace_resolve_path(const char *scenario_file, const char *file, char *out, size_t len);

/*
 * The run layer's side (sim/trace/trace_pcap.c):
 * trace_attach_sources - open the trace of every replay source of @h and
 *   hand it to the model, which reads ahead its first packet; errors name
 *   the scenario, the JSON path and the trace.  Call after host_setup().
 * trace_check_scenario - open and read every trace of @sc to the end
 *   without simulating (for `rxsim check`).
 * traffic_run_error - after the run: RXSIM_EINPUT if a source failed
 *   mid-run (a corrupt record), with the message; else 0.
 * trace_release_sources - close the sources and free the models' tables;
 *   idempotent, call before host_teardown().
 */
int trace_attach_sources(struct host *h, const struct scenario *sc, struct rxsim_err *err);
int trace_check_scenario(const struct scenario *sc, struct rxsim_err *err);
int traffic_run_error(const struct host *h, struct rxsim_err *err);
void trace_release_sources(struct host *h);

#endif
