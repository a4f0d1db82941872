/* SPDX-License-Identifier: MIT */
/*
 * traffic_spec.h - the traffic keys written as text (sizes, addresses,
 * ports, laws, rate profiles, weights): their parsed forms, which the
 * traffic model reads, and the parsers, which only the scenario layer
 * calls (sim/scenario/traffic_spec.c).
 */
#ifndef RXSIM_TRAFFIC_SPEC_H
#define RXSIM_TRAFFIC_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rxsim/engine.h"

struct traffic_cfg;

#define TRAFFIC_MAX_SIZES	64	/* entries of a size table */
#define TRAFFIC_MAX_POINTS	64	/* points of a rate profile */
#define TRAFFIC_MAX_STATES	16	/* MMPP states */
#define TRAFFIC_MAX_LIST_FLOWS	10000000
#define TRAFFIC_MAX_WEIGHT_RUNS	512	/* W*COUNT items of a weight list */

/* ---- parsed forms of the text keys (sim/scenario/traffic_spec.c) ---- */

/* What each text key accepts: the parameter table's help and the check's
 * messages say the same thing. */
#define TSYN_SIZE "frame size 64..9018 with FCS (e.g. 64 or \"1500B\"), \"imix\" " \
	"(7x64, 4x594, 1x1518 bytes), \"imix570\" (7x64, 4x570, 1x1518), " \
	"\"uniform(MIN,MAX)\", \"table\" (the sizes key) or \"auto\""
#define TSYN_MSGSIZE "bytes 1..16MiB (e.g. 200 or \"4KiB\"), uniform(MIN,MAX) or exp(MEAN)"
#define TSYN_SIZES "SIZE:WEIGHT list (e.g. \"64:7,594:4,1518:1\"), or \"\""
#define TSYN_TDIST "time (the mean of an exponential; plain numbers in ms), or " \
	"exp(MEAN), fixed(T), uniform(MIN,MAX), lognormal(MEAN,SIGMA), pareto(MEAN,ALPHA)"
#define TSYN_PROFILE "TIME:RATE list in scenario time (e.g. \"0ms:100kpps,50ms:1Mpps\"; " \
	"plain numbers in ms and pps), or \"\""
#define TSYN_ADDR "IPv4 or IPv6 address, PREFIX/LEN or FIRST-LAST (e.g. \"10.0.0.0/16\", " \
	"\"2001:db8::/64\")"
#define TSYN_DST TSYN_ADDR ", or \"auto\" (192.168.0.1 or fd00::1)"
#define TSYN_PORTS "port or FIRST-LAST range (e.g. \"1024-65535\")"
#define TSYN_WEIGHTS "\"equal\" (flows in turn), \"zipf(S)\" (flow k gets 1/(k+1)^S), or " \
	"one weight per flow, W or W*COUNT (e.g. \"50*4,1*996\")"
#define TSYN_RATES "list of rates (e.g. \"100kpps,1Mpps\"; plain numbers in pps), or \"\""
#define TSYN_DWELL "list of times (e.g. \"9ms,1ms\"; plain numbers in ms), or \"\""
#define TSYN_SPEED "positive decimal, at most 6 fractional digits (e.g. 1, 0.5, 10)"

/* A set of addresses: a prefix or a range; flow i takes base + i mod count. */
struct addr_range {
	uint8_t family;			/* FLOW_IPV4 or FLOW_IPV6 */
	uint8_t base[16];		/* network byte order */
	uint64_t count;			/* saturated at 2^40 */
};

struct port_range {
	uint16_t lo, hi;
};

enum size_kind { SIZE_FIXED, SIZE_UNIFORM, SIZE_TABLE };

struct size_spec {
	uint8_t kind;
	uint16_t lo, hi;		/* fixed: lo; uniform: lo..hi */
	uint32_t n;			/* table entries */
	uint16_t size[TRAFFIC_MAX_SIZES];
	double weight[TRAFFIC_MAX_SIZES];
};

enum msize_kind { MSIZE_FIXED, MSIZE_UNIFORM, MSIZE_EXP };

/* Bytes of an application message (a request, a reply): fixed, uniform
 * in [lo, hi], or exponential of mean (at least 1). */
struct msg_size {
	uint8_t kind;
	int64_t lo, hi, mean;
};

enum tdist_kind { TD_EXP, TD_FIXED, TD_UNIFORM, TD_LOGNORMAL, TD_PARETO };

/* Distribution of a duration (onoff bursts and gaps). */
struct time_dist {
	uint8_t kind;
	sim_time_t mean, lo, hi;	/* ps */
	double shape;			/* lognormal sigma, Pareto alpha */
	double mu;			/* lognormal: log(mean) - sigma^2/2 */
	double scale;			/* Pareto x_m */
};

struct rate_profile {
	uint32_t n;
	sim_time_t t[TRAFFIC_MAX_POINTS];	/* scenario time, increasing */
	int64_t rate[TRAFFIC_MAX_POINTS];	/* millipackets/s */
};

enum weights_kind { W_EQUAL, W_ZIPF, W_LIST };

struct weight_run {
	double w;
	uint64_t count;
};

struct weights_spec {
	uint8_t kind;
	double s;			/* Zipf exponent */
	uint64_t n;			/* list: flows covered */
	uint32_t nruns;			/* list: W*COUNT items, in flow order */
	struct weight_run run[TRAFFIC_MAX_WEIGHT_RUNS];
};

/*
 * The text keys of one traffic element as the source uses them, parsed by
 * the loader (traffic_cfg_resolve) so that models never read text.
 */
struct traffic_parsed {
	struct size_spec sizes;		/* size, or the sizes table */
	struct addr_range src, dst;	/* dst "auto" resolved by family */
	struct port_range sport;
	struct weights_spec weights;
	bool has_profile;
	struct rate_profile prof;
	struct time_dist on, off;
	bool has_think;			/* request_response: think_time given */
	struct time_dist think;
	struct msg_size req, resp;	/* request_response: request_size, response_size */
	uint32_t nstates;		/* MMPP */
	int64_t mm_rate[TRAFFIC_MAX_STATES];	/* millipackets/s */
	sim_time_t mm_dwell[TRAFFIC_MAX_STATES];
	int64_t speed_ppm;		/* replay speed, millionths */
};

/* One IPv4 or IPv6 address into @addr (16 bytes, zero-padded) and @family
 * (FLOW_IPV4/FLOW_IPV6); 0 or -1. */
int traffic_parse_ip(const char *s, uint8_t *addr, uint8_t *family);
const char *traffic_parse_addrs(const char *s, struct addr_range *out);
const char *traffic_parse_ports(const char *s, struct port_range *out);
const char *traffic_parse_size(const char *s, struct size_spec *out);
const char *traffic_parse_size_table(const char *s, struct size_spec *out);
const char *traffic_parse_time_dist(const char *s, struct time_dist *out);
const char *traffic_parse_msg_size(const char *s, struct msg_size *out);
const char *traffic_parse_profile(const char *s, struct rate_profile *out);
/* "100kpps,1Mpps" / "9ms,1ms": @kind is UNIT_RATE or UNIT_TIME, plain
 * numbers in pps or ms. */
const char *traffic_parse_list(const char *s, int kind, int64_t *vals, uint32_t max,
			       uint32_t *n);
const char *traffic_parse_weights(const char *s, struct weights_spec *out);
/* A positive decimal with at most 6 fractional digits, in millionths. */
const char *traffic_parse_ppm(const char *s, int64_t *ppm);

/* Validation across the keys of one traffic element (the loader's check):
 * 0, or -1 with the key at fault in @key (NULL: the element) and @msg. */
int traffic_cfg_check(const struct traffic_cfg *t, const char **key, char *msg, size_t len);
/* Fill "auto": size (64, or "table" when sizes is given), dst (by family). */
int traffic_cfg_resolve(struct traffic_cfg *t, char *msg, size_t len);

#endif
