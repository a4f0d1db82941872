/* SPDX-License-Identifier: MIT */
/*
 * hostsnap.h - snapshots of a real host written by tools/rxsim-snapshot:
 * reading them (a directory or a .tar.gz), parsing the kernel's and
 * ethtool's text formats, importing the settings as a scenario, and the
 * counter deltas of two snapshots (calibration, comparison).
 *
 * Every parser names the snapshot file and line of what it could not read;
 * nothing is guessed.  Files a snapshot lacks (a container without ethtool,
 * an operation a driver does not support) are absent, not errors.
 */
#ifndef RXSIM_HOSTSNAP_H
#define RXSIM_HOSTSNAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rxsim/scenario.h"

struct cJSON;

/* key -> value text, with the line it came from */
struct snap_kv {
	char *key;
	char *val;
	int line;
};

struct snap_kvlist {
	struct snap_kv *v;
	int n, cap;
};

const struct snap_kv *snap_kv_find(const struct snap_kvlist *l, const char *key);
void snap_kv_free(struct snap_kvlist *l);
int snap_kv_add(struct snap_kvlist *l, const char *key, const char *val, int line);

/* A snapshot on disk: @root is the directory read (a .tar.gz is unpacked
 * into a temporary directory, removed by snap_close). */
struct snap {
	char label[1024];	/* as the user named it */
	char root[4096];
	char tmp[4096];		/* "" or the temporary directory */
};

int snap_open(struct snap *s, const char *path, struct rxsim_err *err);
void snap_close(struct snap *s);
/* The file @rel of the snapshot, NUL-terminated, into *@text (the caller
 * frees it) and its name for messages into @name ("SNAP/rel").  0; 1 when
 * the file is absent; RXSIM_EINPUT when it cannot be read. */
int snap_read(const struct snap *s, const char *rel, char **text, char *name, size_t namelen,
	      struct rxsim_err *err);
/* The interfaces the snapshot has (directories under if/), sorted; the
 * count, or a negative RXSIM_E*.  Free with snap_names_free(). */
int snap_ifaces(const struct snap *s, char ***names, struct rxsim_err *err);
void snap_names_free(char **names, int n);
/* An ethtool output that says the operation is not there ("Operation not
 * supported", "no stats available"): absent, not malformed. */
bool snap_unsupported(const char *text);
/* "FILE line N: what" into @err; returns RXSIM_EINPUT. */
int snap_error(struct rxsim_err *err, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* --- /proc and the snapshot's own files (snap_proc.c) --- */

enum { ST_USER, ST_NICE, ST_SYSTEM, ST_IDLE, ST_IOWAIT, ST_IRQ, ST_SOFTIRQ, ST_STEAL, ST__N };

struct snap_cpu {
	bool has_stat, has_softnet, has_net_rx;
	uint64_t stat[ST__N];		/* /proc/stat cpuN, USER_HZ ticks */
	uint64_t processed, dropped, time_squeeze, received_rps, flow_limit_count;
	uint64_t net_rx;		/* /proc/softirqs NET_RX */
	uint64_t hardirqs;		/* sum of the numbered lines of /proc/interrupts */
};

struct snap_irq {
	int irq;
	char name[96];			/* the action name, last word of the line */
	uint64_t total;
	char affinity[128];		/* /proc/irq/N/smp_affinity_list, "" if not read */
};

struct snap_counters {
	int ncpus;			/* CPUs in /proc/stat (cpuN lines) */
	struct snap_cpu *cpu;		/* [RXSIM_MAX_CPUS] */
	struct snap_irq *irqs;
	int nirqs, irq_cap;
	struct snap_kvlist snmp;	/* "Udp.InErrors", "TcpExt.TCPBacklogDrop" */
	double uptime;			/* seconds, meta or proc/uptime; < 0 unknown */
	double epoch;			/* wall seconds; < 0 unknown */
	int user_hz;			/* meta user_hz, else 100 */
	bool has_softnet, has_stat, has_softirqs, has_interrupts, has_snmp;
};

int snap_read_counters(const struct snap *s, struct snap_counters *c, struct rxsim_err *err);
void snap_counters_free(struct snap_counters *c);

/* Parsers of one file's text, for the tests: @name is used in messages. */
int snap_parse_stat(const char *name, const char *text, struct snap_counters *c,
		    struct rxsim_err *err);
int snap_parse_softnet(const char *name, const char *text, struct snap_counters *c,
		       struct rxsim_err *err);
int snap_parse_softirqs(const char *name, const char *text, struct snap_counters *c,
			struct rxsim_err *err);
int snap_parse_interrupts(const char *name, const char *text, struct snap_counters *c,
			  struct rxsim_err *err);
int snap_parse_irq_affinity(const char *name, const char *text, struct snap_counters *c,
			    struct rxsim_err *err);
/* /proc/net/snmp and /proc/net/netstat: header and value line pairs. */
int snap_parse_snmp(const char *name, const char *text, struct snap_kvlist *out,
		    struct rxsim_err *err);
/* "key = value" (sysctl -a) and "key value" (meta) lines. */
int snap_parse_sysctl(const char *name, const char *text, struct snap_kvlist *out,
		      struct rxsim_err *err);
int snap_parse_words(const char *name, const char *text, struct snap_kvlist *out,
		     struct rxsim_err *err);

/* --- ethtool (snap_ethtool.c) --- */

/* "key: value" lines of ethtool -i/-S, keys trimmed. */
int snap_parse_colon(const char *name, const char *text, struct snap_kvlist *out,
		     struct rxsim_err *err);

/* ethtool -g and -l: the "Current hardware settings:" block (and the
 * maximums), "RX", "TX", "Combined"...; a value "n/a" is left out. */
struct snap_sections {
	struct snap_kvlist max, cur;
};
int snap_parse_sections(const char *name, const char *text, struct snap_sections *out,
			struct rxsim_err *err);
void snap_sections_free(struct snap_sections *s);

/* ethtool -c: "rx-usecs", "rx-frames", "Adaptive RX", "CQE mode RX". */
int snap_parse_coalesce(const char *name, const char *text, struct snap_kvlist *out,
			struct rxsim_err *err);

/* ethtool -x: indirection table, key bytes as "6d:5a:...". */
struct snap_rxfh {
	int rings;			/* "with N RX ring(s)"; -1 unknown */
	int n_indir;			/* 0: not reported */
	uint16_t indir[512];
	int indir_line;
	char key[200];			/* "" if not reported */
	int key_bytes, key_line;
};
int snap_parse_rxfh(const char *name, const char *text, struct snap_rxfh *out,
		    struct rxsim_err *err);

/* ethtool -n IF rx-flow-hash udp4: RXH_* fields; -1 none reported. */
enum { RXH_F_L2DA = 1, RXH_F_VLAN = 2, RXH_F_L3 = 4, RXH_F_SA = 8, RXH_F_DA = 16,
       RXH_F_L4_01 = 32, RXH_F_L4_23 = 64 };
int snap_parse_flowhash(const char *name, const char *text, int *fields, int *line,
			struct rxsim_err *err);

/* --- import (import.c) --- */

struct snap_import_opts {
	const char *iface;		/* NULL: every hardware interface */
	const char *label;		/* the snapshot as named on the command line */
	const struct cJSON *calib;	/* a calibration (snap_calib_parse) or NULL */
	const char *calib_label;	/* its file as named on the command line */
};

/* The output of `rxsim calibrate --out` in @text (file @name), checked:
 * host.costs.* cost texts, calibration.pps and the fits' value and err
 * numbers >= 0.  0, or RXSIM_EINPUT with a one-line message naming @name
 * and the JSON path. */
int snap_calib_parse(const char *name, const char *text, struct cJSON **out,
		     struct rxsim_err *err);
/* The same from file @path. */
int snap_calib_read(const char *path, struct cJSON **out, struct rxsim_err *err);

/* The scenario of the snapshot, with "sources" (JSON path -> file and line)
 * and "notes" (what has no scenario key); warnings (one line each) are
 * appended to @warn (may be NULL).  0 or RXSIM_EINPUT/RXSIM_EINTERNAL. */
int snap_import(const struct snap *s, const struct snap_import_opts *o, struct cJSON **out,
		struct snap_kvlist *warn, struct rxsim_err *err);

/* --- the deltas of two snapshots (calibrate.c) --- */

struct snap_cpu_delta {
	double softirq_s, irq_s, busy_s;	/* from /proc/stat ticks */
	uint64_t processed, dropped, time_squeeze, net_rx, hardirqs;
};

struct snap_queue_delta {
	char iface[32];
	int queue;
	int irq;
	uint64_t interrupts;
};

struct snap_delta {
	const struct snap *before;
	double secs;			/* uptime (monotonic) difference */
	double secs_err;		/* its uncertainty, s */
	int user_hz;
	int ncpus;
	struct snap_cpu_delta *cpu;
	struct snap_queue_delta *q;
	int nq;
	struct snap_kvlist snmp;	/* counter deltas, as decimal text */
	struct snap_kvlist nic;		/* "eth0.rx_missed_errors" deltas */
	uint64_t processed, dropped, time_squeeze, net_rx, hardirqs;
	double softirq_s, irq_s;
};

int snap_delta(const struct snap *before, const struct snap *after, struct snap_delta *d,
	       struct rxsim_err *err);
void snap_delta_free(struct snap_delta *d);
/* A counter delta, or @def when absent. */
double snap_delta_get(const struct snap_kvlist *l, const char *key, double def);

struct snap_fit {
	double value, err;		/* value +- err (one tick per CPU per reading, interval) */
	bool ok;			/* enough data for a value */
	bool usable;			/* err below half the value: written as a cost */
};

struct snap_calib {
	struct snap_fit softirq_per_pkt;	/* s/packet */
	struct snap_fit hardirq_per_irq;	/* s/interrupt */
	struct snap_fit pkts_per_poll;
	struct snap_fit app_per_dgram;	/* s/datagram */
	double pps, irq_per_s;
	int net_cpus;			/* CPUs with receive work, whose ticks count */
	uint64_t packets, interrupts, dgrams;
};

/* The fit; @app_cpu_s < 0: no reader time given (@app_err_s: its own
 * uncertainty, e.g. two ticks of a /proc/PID/stat pair). */
int snap_calibrate(const struct snap_delta *d, double app_cpu_s, double app_err_s,
		   struct snap_calib *c, struct rxsim_err *err);
/* utime + stime of a /proc/PID/stat text (fields 14 and 15), in ticks. */
int snap_parse_pid_stat(const char *name, const char *text, uint64_t *ticks,
			struct rxsim_err *err);
/* The costs object ("host": {"costs": ...}) of a fit, and its report. */
struct cJSON *snap_calib_json(const struct snap_delta *d, const struct snap_calib *c);

#endif
