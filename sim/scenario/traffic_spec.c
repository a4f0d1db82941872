/* SPDX-License-Identifier: MIT */
/*
 * traffic_spec.c - the traffic keys written as text: address prefixes and
 * ranges, port ranges, size laws and tables, duration laws, rate profiles,
 * flow weights.  The loader's check (traffic_cfg_check) and the model's
 * setup parse with the same functions, so what `rxsim check` accepts is what
 * runs.  Quantities go through units_parse (integer arithmetic); only
 * weights, exponents and shapes are floating point, and they never decide
 * event order.
 *
 * Every parser returns NULL on success or a short reason (a static string).
 */
#include <arpa/inet.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "rxsim/quote.h"
#include "rxsim/traffic.h"
#include "rxsim/units.h"

#define ADDR_CAP	(UINT64_C(1) << 40)

/* Copy item [s, s+n) without surrounding blanks into @buf; NULL if too long. */
static const char *item(const char *s, size_t n, char *buf, size_t len)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= len)
		return NULL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

/* Split @s at commas: call @fn on each item (blank items are errors). */
static const char *each_item(const char *s, const char *(*fn)(const char *it, void *arg),
			     void *arg)
{
	char buf[128];

	if (!*s)
		return "empty list";
	for (;;) {
		size_t n = strcspn(s, ",");
		const char *why;

		if (!item(s, n, buf, sizeof(buf)))
			return "list item too long";
		if (!buf[0])
			return "empty list item";
		why = fn(buf, arg);
		if (why)
			return why;
		if (!s[n])
			return NULL;
		s += n + 1;
	}
}

/* A finite non-negative decimal, all of @s. */
static const char *parse_real(const char *s, double *out)
{
	char *end;
	double v;

	if (!*s || *s == '+' || *s == '-' || *s == ' ')
		return *s == '-' ? "negative" : "not a number";
	v = strtod(s, &end);
	if (*end || end == s || !isfinite(v) || v < 0)
		return "not a number";
	*out = v;
	return NULL;
}

static const char *parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return "not a number";
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return "not a whole number";
		if (v > (UINT64_MAX - 9) / 10)
			return "too large";
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return NULL;
}

/* ---- addresses and ports ---- */

int traffic_parse_ip(const char *s, uint8_t *addr, uint8_t *family)
{
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, s, addr) == 1) {
		*family = FLOW_IPV4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, addr) == 1) {
		*family = FLOW_IPV6;
		return 0;
	}
	return -1;
}

/* b - a over the address bytes, saturated at ADDR_CAP; a <= b assumed. */
static uint64_t addr_diff(const uint8_t *a, const uint8_t *b, int len)
{
	uint64_t d = 0;
	int i, borrow = 0, low = len > 8 ? len - 8 : 0;

	for (i = 0; i < low; i++)
		if (a[i] != b[i])
			return ADDR_CAP;
	for (i = len - 1; i >= low; i--) {
		int x = (int)b[i] - (int)a[i] - borrow;

		borrow = x < 0;
		d |= (uint64_t)(uint8_t)(x + (borrow ? 256 : 0)) << (8 * (len - 1 - i));
	}
	return d >= ADDR_CAP ? ADDR_CAP : d;
}

const char *traffic_parse_addrs(const char *s, struct addr_range *out)
{
	char buf[64];
	const char *slash = strchr(s, '/'), *dash = strchr(s, '-');
	int bits, i;

	memset(out, 0, sizeof(*out));
	if (strlen(s) >= sizeof(buf))
		return "too long";
	strcpy(buf, s);
	if (slash) {
		uint64_t plen = 0;
		const char *why;

		buf[slash - s] = '\0';
		if (traffic_parse_ip(buf, out->base, &out->family))
			return "not an IPv4 or IPv6 address";
		why = parse_u64(slash + 1, &plen);
		bits = out->family == FLOW_IPV4 ? 32 : 128;
		if (why || plen > (uint64_t)bits)
			return out->family == FLOW_IPV4 ? "prefix length must be 0..32"
							: "prefix length must be 0..128";
		for (i = (int)plen; i < bits; i++)
			if (out->base[i / 8] & (0x80 >> (i % 8)))
				return "host bits set after the prefix length (give the network "
				       "address)";
		out->count = bits - (int)plen >= 40 ? ADDR_CAP : UINT64_C(1) << (bits - plen);
		return NULL;
	}
	if (dash) {
		uint8_t last[16], fam;
		int len;

		buf[dash - s] = '\0';
		if (traffic_parse_ip(buf, out->base, &out->family) ||
		    traffic_parse_ip(dash + 1, last, &fam))
			return "not an IPv4 or IPv6 address range";
		if (fam != out->family)
			return "range mixes IPv4 and IPv6";
		len = fam == FLOW_IPV4 ? 4 : 16;
		if (memcmp(out->base, last, (size_t)len) > 0)
			return "range ends before it starts";
		out->count = addr_diff(out->base, last, len);
		if (out->count < ADDR_CAP)
			out->count++;
		return NULL;
	}
	if (traffic_parse_ip(buf, out->base, &out->family))
		return "not an IPv4 or IPv6 address";
	out->count = 1;
	return NULL;
}

const char *traffic_parse_ports(const char *s, struct port_range *out)
{
	char buf[32];
	const char *dash = strchr(s, '-'), *why;
	uint64_t lo, hi;

	if (strlen(s) >= sizeof(buf))
		return "too long";
	strcpy(buf, s);
	if (dash)
		buf[dash - s] = '\0';
	why = parse_u64(buf, &lo);
	if (!why)
		why = parse_u64(dash ? dash + 1 : buf, &hi);
	if (why)
		return "not a port or port range";
	if (lo > 65535 || hi > 65535)
		return "ports are 0..65535";
	if (hi < lo)
		return "range ends before it starts";
	out->lo = (uint16_t)lo;
	out->hi = (uint16_t)hi;
	return NULL;
}

/* ---- sizes ---- */

static const char *parse_frame(const char *s, uint16_t *out)
{
	int64_t v;
	const char *why;

	if (units_parse(s, UNIT_SIZE, 1, &v, &why))
		return why;
	if (v < TRACE_MIN_FRAME || v > TRACE_MAX_FRAME)
		return "out of range 64..9018";
	*out = (uint16_t)v;
	return NULL;
}

static const struct {
	const char *name;
	uint16_t size[3];
	double weight[3];
} imixes[] = {
	/* The "simple IMIX" 7:4:1 at the IP layer, 40/576/1500 bytes: the 40-byte
	 * datagram pads to the 64-byte minimum, 576 + 14 + 4 = 594. */
	{ "imix", { 64, 594, 1518 }, { 7, 4, 1 } },
	/* The variant some generators use for the middle size. */
	{ "imix570", { 64, 570, 1518 }, { 7, 4, 1 } },
};

const char *traffic_parse_size(const char *s, struct size_spec *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < sizeof(imixes) / sizeof(imixes[0]); i++) {
		if (!strcmp(s, imixes[i].name)) {
			out->kind = SIZE_TABLE;
			out->n = 3;
			memcpy(out->size, imixes[i].size, sizeof(imixes[i].size));
			memcpy(out->weight, imixes[i].weight, sizeof(imixes[i].weight));
			return NULL;
		}
	}
	if (!strcmp(s, "table")) {
		out->kind = SIZE_TABLE;	/* entries come from the sizes key */
		return NULL;
	}
	if (!strncmp(s, "uniform(", 8)) {
		char a[32], b[32];
		const char *comma = strchr(s, ','), *close = s + strlen(s) - 1, *why;

		if (*close != ')' || !comma || comma > close)
			return "uniform() takes MIN,MAX";
		if (!item(s + 8, (size_t)(comma - s - 8), a, sizeof(a)) ||
		    !item(comma + 1, (size_t)(close - comma - 1), b, sizeof(b)))
			return "uniform() takes MIN,MAX";
		out->kind = SIZE_UNIFORM;
		why = parse_frame(a, &out->lo);
		if (!why)
			why = parse_frame(b, &out->hi);
		if (!why && out->hi < out->lo)
			why = "uniform() MAX below MIN";
		return why;
	}
	out->kind = SIZE_FIXED;
	return parse_frame(s, &out->lo);
}

static const char *size_item(const char *it, void *arg)
{
	struct size_spec *sp = arg;
	const char *colon = strchr(it, ':'), *why;
	char a[32];

	if (!colon)
		return "expected SIZE:WEIGHT";
	if (sp->n >= TRAFFIC_MAX_SIZES)
		return "more than 64 sizes";
	if (!item(it, (size_t)(colon - it), a, sizeof(a)))
		return "expected SIZE:WEIGHT";
	why = parse_frame(a, &sp->size[sp->n]);
	if (!why)
		why = parse_real(colon + 1, &sp->weight[sp->n]);
	if (why)
		return why;
	sp->n++;
	return NULL;
}

const char *traffic_parse_size_table(const char *s, struct size_spec *out)
{
	const char *why;
	double total = 0;
	uint32_t i;

	memset(out, 0, sizeof(*out));
	out->kind = SIZE_TABLE;
	why = each_item(s, size_item, out);
	if (why)
		return why;
	for (i = 0; i < out->n; i++)
		total += out->weight[i];
	return total > 0 ? NULL : "all weights are zero";
}

/* ---- durations ---- */

static const char *parse_time_ms(const char *s, sim_time_t *out)
{
	const char *why;

	if (units_parse(s, UNIT_TIME, SIM_MS, out, &why))
		return why;
	return NULL;
}

/* "name(A,B)" -> a, b (b empty if one argument). */
static int split_call(const char *s, const char *name, char *a, char *b, size_t len)
{
	size_t n = strlen(name), l = strlen(s);
	const char *comma;

	if (strncmp(s, name, n) || s[n] != '(' || s[l - 1] != ')')
		return -1;
	comma = memchr(s + n + 1, ',', l - n - 2);
	if (!comma) {
		b[0] = '\0';
		return item(s + n + 1, l - n - 2, a, len) ? 0 : -1;
	}
	if (!item(s + n + 1, (size_t)(comma - s - n - 1), a, len) ||
	    !item(comma + 1, (size_t)(s + l - 1 - comma - 1), b, len))
		return -1;
	return 0;
}

static const char *parse_time_dist(const char *s, struct time_dist *out);

#define MSG_SIZE_MAX (16 << 20)

static const char *msg_bytes(const char *s, int64_t *v)
{
	const char *why = NULL;

	if (units_parse(s, UNIT_SIZE, 1, v, &why))
		return why ? why : "not a size";
	return *v < 1 || *v > MSG_SIZE_MAX ? "out of range" : NULL;
}

const char *traffic_parse_msg_size(const char *s, struct msg_size *out)
{
	char a[48], b[48];
	const char *why;

	memset(out, 0, sizeof(*out));
	if (!strchr(s, '(')) {
		out->kind = MSIZE_FIXED;
		why = msg_bytes(s, &out->lo);
		out->hi = out->mean = out->lo;
		return why;
	}
	if (!split_call(s, "uniform", a, b, sizeof(a)) && b[0]) {
		out->kind = MSIZE_UNIFORM;
		why = msg_bytes(a, &out->lo);
		if (!why)
			why = msg_bytes(b, &out->hi);
		if (!why && out->hi < out->lo)
			why = "uniform() needs MIN <= MAX";
		out->mean = out->lo + (out->hi - out->lo) / 2;
		return why;
	}
	if (!split_call(s, "exp", a, b, sizeof(a)) && !b[0]) {
		out->kind = MSIZE_EXP;
		return msg_bytes(a, &out->mean);
	}
	return "unknown law (use a size, uniform() or exp())";
}

/* At least 10ns (a 64-byte frame at 100 Gb/s lasts 6.7ns): shorter bursts
 * mean nothing, and would make the on/off cycle spin. */
const char *traffic_parse_time_dist(const char *s, struct time_dist *out)
{
	const char *why = parse_time_dist(s, out);

	if (!why && (out->kind == TD_UNIFORM ? out->hi : out->mean) < 10 * SIM_NS)
		why = "below 10ns";
	return why;
}

static const char *parse_time_dist(const char *s, struct time_dist *out)
{
	char a[48], b[48];
	const char *why;

	memset(out, 0, sizeof(*out));
	if (!strchr(s, '(')) {
		out->kind = TD_EXP;
		why = parse_time_ms(s, &out->mean);
		return why ? why : out->mean < 1 ? "must be positive" : NULL;
	}
	if (!split_call(s, "exp", a, b, sizeof(a)) && !b[0]) {
		out->kind = TD_EXP;
		why = parse_time_ms(a, &out->mean);
		return why ? why : out->mean < 1 ? "must be positive" : NULL;
	}
	if (!split_call(s, "fixed", a, b, sizeof(a)) && !b[0]) {
		out->kind = TD_FIXED;
		why = parse_time_ms(a, &out->mean);
		return why ? why : out->mean < 1 ? "must be positive" : NULL;
	}
	if (!split_call(s, "uniform", a, b, sizeof(a)) && b[0]) {
		out->kind = TD_UNIFORM;
		why = parse_time_ms(a, &out->lo);
		if (!why)
			why = parse_time_ms(b, &out->hi);
		if (!why && (out->hi < out->lo || out->hi < 1))
			why = "uniform() needs 0 <= MIN <= MAX, MAX > 0";
		out->mean = out->lo + (out->hi - out->lo) / 2;
		return why;
	}
	if (!split_call(s, "lognormal", a, b, sizeof(a)) && b[0]) {
		out->kind = TD_LOGNORMAL;
		why = parse_time_ms(a, &out->mean);
		if (!why)
			why = parse_real(b, &out->shape);
		if (!why && (out->mean < 1 || out->shape > 4))
			why = "lognormal() needs MEAN > 0 and SIGMA in 0..4";
		out->mu = why ? 0 : log((double)out->mean) - out->shape * out->shape / 2.0;
		return why;
	}
	if (!split_call(s, "pareto", a, b, sizeof(a)) && b[0]) {
		out->kind = TD_PARETO;
		why = parse_time_ms(a, &out->mean);
		if (!why)
			why = parse_real(b, &out->shape);
		if (!why && (out->mean < 1 || !(out->shape > 1.0) || out->shape > 100))
			why = "pareto() needs MEAN > 0 and ALPHA in (1, 100] (the mean must exist)";
		out->scale = why ? 0 : (double)out->mean * (out->shape - 1.0) / out->shape;
		return why;
	}
	return "unknown law (use a time, exp(), fixed(), uniform(), lognormal() or pareto())";
}

/* ---- rates over time and lists ---- */

static const char *profile_item(const char *it, void *arg)
{
	struct rate_profile *p = arg;
	const char *colon = strchr(it, ':'), *why;
	char a[48], b[48];

	if (!colon)
		return "expected TIME:RATE";
	if (p->n >= TRAFFIC_MAX_POINTS)
		return "more than 64 points";
	if (!item(it, (size_t)(colon - it), a, sizeof(a)) ||
	    !item(colon + 1, strlen(colon + 1), b, sizeof(b)))
		return "expected TIME:RATE";
	why = parse_time_ms(a, &p->t[p->n]);
	if (!why && units_parse(b, UNIT_RATE, 1000, &p->rate[p->n], &why))
		return why;
	if (why)
		return why;
	if (p->n && p->t[p->n] <= p->t[p->n - 1])
		return "times must increase";
	p->n++;
	return NULL;
}

const char *traffic_parse_profile(const char *s, struct rate_profile *out)
{
	memset(out, 0, sizeof(*out));
	return each_item(s, profile_item, out);
}

struct list_ctx {
	int kind;
	int64_t *vals;
	uint32_t max, n;
};

static const char *list_item(const char *it, void *arg)
{
	struct list_ctx *c = arg;
	const char *why;

	if (c->n >= c->max)
		return "too many entries";
	if (units_parse(it, (enum unit_kind)c->kind, c->kind == UNIT_RATE ? 1000 : SIM_MS,
			&c->vals[c->n], &why))
		return why;
	c->n++;
	return NULL;
}

const char *traffic_parse_list(const char *s, int kind, int64_t *vals, uint32_t max,
			       uint32_t *n)
{
	struct list_ctx c = { kind, vals, max, 0 };
	const char *why = each_item(s, list_item, &c);

	*n = c.n;
	return why;
}

/* ---- flow weights ---- */

struct wlist_ctx {
	struct weights_spec *out;
	uint64_t n;
	double total;
};

static const char *weight_item(const char *it, void *arg)
{
	struct wlist_ctx *c = arg;
	const char *star = strchr(it, '*'), *why;
	char a[48];
	uint64_t count = 1;
	double w;

	if (!item(it, star ? (size_t)(star - it) : strlen(it), a, sizeof(a)))
		return "expected W or W*COUNT";
	why = parse_real(a, &w);
	if (!why && star) {
		why = parse_u64(star + 1, &count);
		if (!why && count == 0)
			why = "COUNT must be at least 1";
	}
	if (why)
		return why;
	if (count > TRAFFIC_MAX_LIST_FLOWS || c->n + count > TRAFFIC_MAX_LIST_FLOWS)
		return "more than 10000000 flows";
	if (c->out->nruns == TRAFFIC_MAX_WEIGHT_RUNS)
		return "more than 512 items";
	c->out->run[c->out->nruns].w = w;
	c->out->run[c->out->nruns++].count = count;
	c->n += count;
	c->total += w * (double)count;
	return NULL;
}

const char *traffic_parse_weights(const char *s, struct weights_spec *out)
{
	struct wlist_ctx c = { out, 0, 0 };
	char a[48], b[48];
	const char *why;

	memset(out, 0, sizeof(*out));
	if (!strcmp(s, "equal")) {
		out->kind = W_EQUAL;
		return NULL;
	}
	if (!split_call(s, "zipf", a, b, sizeof(a))) {
		out->kind = W_ZIPF;
		why = b[0] ? "zipf() takes one exponent" : parse_real(a, &out->s);
		if (!why && !(out->s > 0 && out->s <= 10))
			why = "the exponent must be in (0, 10]";
		return why;
	}
	out->kind = W_LIST;
	why = each_item(s, weight_item, &c);
	if (why)
		return why;
	out->n = c.n;
	return c.total > 0 ? NULL : "all weights are zero";
}

const char *traffic_parse_ppm(const char *s, int64_t *ppm)
{
	double v, x;
	const char *why = parse_real(s, &v);

	if (why)
		return why;
	if (!(v >= 1e-6 && v <= 1e6))
		return "out of range 0.000001..1000000";
	/* A JSON number reaches us as "%.17g" (0.1 -> 0.10000000000000001):
	 * round to millionths, but refuse what is visibly finer. */
	x = v * 1e6;
	if (fabs(x - nearbyint(x)) > 1e-6 * x + 1e-3)
		return "finer than 0.000001";
	*ppm = (int64_t)llround(x);
	return NULL;
}

/* ---- the whole element ---- */

static const char *quote(const char *s, char *buf, size_t len)
{
	return msg_quote(s, 60, buf, len);
}

#define CFAIL(k, ...) do { *key = (k); snprintf(msg, len, __VA_ARGS__); return -1; } while (0)
#define SYNTAX(k, syn, text, why) \
	CFAIL(k, "expected %s, got %s: %s", syn, quote(text, qbuf, sizeof(qbuf)), why)

/* Distinct tuples flow i -> (src + i % a, dst + i % b, sport + i % c, dport):
 * the period of i is lcm(a, b, c); saturated above @cap. */
static uint64_t gcd64(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static uint64_t lcm_cap(uint64_t a, uint64_t b, uint64_t cap)
{
	uint64_t g = gcd64(a, b), q = a / g;

	if (q > cap / b)
		return cap + 1;
	return q * b > cap ? cap + 1 : q * b;
}

static bool replay_keys_default(const struct replay_cfg *r)
{
	return r->format == TRACE_FMT_AUTO && !strcmp(r->speed, "1") && r->rate < 0 &&
	       r->loop == 1 && r->from == 0 && r->to < 0;
}

static int check_replay(const struct traffic_cfg *t, const char **key, char *msg, size_t len)
{
	const struct replay_cfg *r = &t->replay;
	char qbuf[96];
	int64_t ppm;
	const char *why = traffic_parse_ppm(r->speed, &ppm);

	if (why)
		SYNTAX("replay/speed", TSYN_SPEED, r->speed, why);
	if (r->rate >= 0 && strcmp(r->speed, "1"))
		CFAIL("replay/rate", "give speed or rate, not both");
	if (r->to >= 0 && r->to <= r->from)
		CFAIL("replay/to", "not after replay/from");
	if (t->rate >= 0)
		CFAIL("rate", "a replay source keeps the trace's timing (replay.rate paces it at "
		      "a constant rate instead)");
	if (t->rate_profile[0])
		CFAIL("rate_profile", "not used by a replay source");
	if (t->arrival == ARR_MMPP || t->mmpp.rates[0] || t->mmpp.mean_dwell[0])
		CFAIL("mmpp", "not used by a replay source");
	if (strcmp(t->size, "auto") || t->sizes[0])
		CFAIL(t->sizes[0] ? "sizes" : "size",
		      "a replay source takes its sizes from the trace");
	if (t->flows != 1 || strcmp(t->weights, "equal"))
		CFAIL(t->flows != 1 ? "flows" : "weights",
		      "a replay source takes its flows from the trace");
	if (t->train != 1)
		CFAIL("train", "not used by a replay source");
	return 0;
}

int traffic_cfg_check(const struct traffic_cfg *t, const char **key, char *msg, size_t len)
{
	char qbuf[96];
	struct size_spec sz, tab;
	struct time_dist td;
	struct msg_size ms;
	struct rate_profile prof;
	struct addr_range src, dst;
	struct port_range sp;
	struct weights_spec w;
	int64_t vals[TRAFFIC_MAX_STATES];
	uint32_t nr = 0, nd = 0, i;
	const char *why;
	uint64_t distinct;

	if (t->stop >= 0 && t->stop < t->start)
		CFAIL("stop", "earlier than start");
	/* each text key on its own, in the table's order */
	if ((strcmp(t->size, "auto") && (why = traffic_parse_size(t->size, &sz)))) {
		int64_t v;

		/* a plain size out of range: say so as for any other size key */
		if (!units_parse(t->size, UNIT_SIZE, 1, &v, NULL))
			CFAIL("size", "expected size 64B..9018B (e.g. \"64B\", or a number in "
			      "bytes), "
			      "got %s: out of range", quote(t->size, qbuf, sizeof(qbuf)));
		SYNTAX("size", TSYN_SIZE, t->size, why);
	}
	if ((why = traffic_parse_time_dist(t->on, &td)))
		SYNTAX("on", TSYN_TDIST, t->on, why);
	if ((why = traffic_parse_time_dist(t->off, &td)))
		SYNTAX("off", TSYN_TDIST, t->off, why);
	if ((why = traffic_parse_msg_size(t->request_size, &ms)))
		SYNTAX("request_size", TSYN_MSGSIZE, t->request_size, why);
	if ((why = traffic_parse_msg_size(t->response_size, &ms)))
		SYNTAX("response_size", TSYN_MSGSIZE, t->response_size, why);
	if (t->think_time[0] && (why = traffic_parse_time_dist(t->think_time, &td)))
		SYNTAX("think_time", TSYN_TDIST " or \"\" (none)", t->think_time, why);
	if (t->sizes[0] && (why = traffic_parse_size_table(t->sizes, &tab)))
		SYNTAX("sizes", TSYN_SIZES, t->sizes, why);
	if (t->rate_profile[0] && (why = traffic_parse_profile(t->rate_profile, &prof)))
		SYNTAX("rate_profile", TSYN_PROFILE, t->rate_profile, why);
	if ((why = traffic_parse_addrs(t->src, &src)))
		SYNTAX("src", TSYN_ADDR, t->src, why);
	if (strcmp(t->dst, "auto") && (why = traffic_parse_addrs(t->dst, &dst)))
		SYNTAX("dst", TSYN_DST, t->dst, why);
	if ((why = traffic_parse_ports(t->src_port, &sp)))
		SYNTAX("src_port", TSYN_PORTS, t->src_port, why);
	if ((why = traffic_parse_weights(t->weights, &w)))
		SYNTAX("weights", TSYN_WEIGHTS, t->weights, why);
	if (t->mmpp.rates[0] &&
	    (why = traffic_parse_list(t->mmpp.rates, UNIT_RATE, vals, TRAFFIC_MAX_STATES, &nr)))
		SYNTAX("mmpp/rates", TSYN_RATES, t->mmpp.rates, why);
	if (t->mmpp.mean_dwell[0] &&
	    (why = traffic_parse_list(t->mmpp.mean_dwell, UNIT_TIME, vals, TRAFFIC_MAX_STATES,
				      &nd)))
		SYNTAX("mmpp/mean_dwell", TSYN_DWELL, t->mmpp.mean_dwell, why);

	/* request/response: a TCP sender of its own kind */
	if (t->pattern == TCP_PAT_RR) {
		if (t->proto != TPROTO_TCP)
			CFAIL("pattern", "\"request_response\" needs proto \"tcp\"");
		if (t->send_rate >= 0 || t->message >= 0)
			CFAIL(t->send_rate >= 0 ? "send_rate" : "message",
			      "not used with pattern \"request_response\" (request_size, "
			      "response_size and think_time say what it writes)");
		if (t->rate >= 0 || t->rate_profile[0])
			CFAIL(t->rate >= 0 ? "rate" : "rate_profile",
			      "not used with pattern \"request_response\" (its replies pace it)");
	} else if (strcmp(t->request_size, "1") || strcmp(t->response_size, "1") ||
		   t->think_time[0]) {
		CFAIL(strcmp(t->request_size, "1") ? "request_size" :
		      strcmp(t->response_size, "1") ? "response_size" : "think_time",
		      "only used with pattern \"request_response\"");
	}
	if (traffic_is_replay(t))
		return check_replay(t, key, msg, len);
	if (!replay_keys_default(&t->replay))
		CFAIL("replay/file", "missing (the other replay keys need a trace)");
	if (t->dst_port < 0)
		CFAIL(NULL, "missing required key \"dst_port\" (integer 1..65535)");
	/* proto tcp without a rate: TCP senders, paced by the receiver's window
	 * and ACKs (send_rate limits the writer); no arrival law applies */
	if (t->proto == TPROTO_TCP && t->rate < 0 && !t->rate_profile[0] && t->arrival != ARR_MMPP)
		return 0;

	/* the arrival law */
	if (t->arrival == ARR_MMPP) {
		if (!nr || !nd)
			CFAIL("mmpp", "arrival \"mmpp\" needs mmpp.rates and mmpp.mean_dwell");
		if (nr != nd)
			CFAIL("mmpp", "%u rates but %u mean_dwell times (one of each per state)",
			      nr, nd);
		if (nr < 2)
			CFAIL("mmpp/rates", "at least 2 states");
		traffic_parse_list(t->mmpp.rates, UNIT_RATE, vals, TRAFFIC_MAX_STATES, &nr);
		for (i = 0; i < nr && !vals[i]; i++)
			;
		if (i == nr)
			CFAIL("mmpp/rates", "every state has rate 0");
		traffic_parse_list(t->mmpp.mean_dwell, UNIT_TIME, vals, TRAFFIC_MAX_STATES, &nd);
		for (i = 0; i < nd; i++)
			if (vals[i] < 100 * SIM_NS)
				CFAIL("mmpp/mean_dwell", "state %u: below 100ns", i);
		if (t->rate >= 0 || t->rate_profile[0])
			CFAIL(t->rate >= 0 ? "rate" : "rate_profile",
			      "arrival \"mmpp\" takes its rates from mmpp.rates");
	} else {
		if (nr || nd)
			CFAIL("mmpp", "only used with arrival \"mmpp\"");
		if (t->rate >= 0 && t->rate_profile[0])
			CFAIL("rate_profile", "give rate or rate_profile, not both");
		if (t->rate < 0 && !t->rate_profile[0])
			CFAIL(NULL, "missing required key \"rate\" (rate 0.001pps..1000Gpps (e.g. "
			      "\"1.2Mpps\", or a number in pps))");
	}
	if (!t->rate_profile[0] && t->ramp)
		CFAIL("ramp", "only used with rate_profile");

	/* sizes */
	if (t->sizes[0] && strcmp(t->size, "auto") && strcmp(t->size, "table"))
		CFAIL("sizes", "give size or sizes, not both");
	if (!strcmp(t->size, "table") && !t->sizes[0])
		CFAIL("size", "\"table\" needs the sizes key");

	/* flows */
	if (strcmp(t->dst, "auto") && dst.family != src.family)
		CFAIL("dst", "%s but src is %s", dst.family == FLOW_IPV4 ? "IPv4" : "IPv6",
		      src.family == FLOW_IPV4 ? "IPv4" : "IPv6");
	if (w.kind == W_LIST && w.n != (uint64_t)t->flows)
		CFAIL("weights", "%llu weights for %lld flows (give one per flow; W*COUNT repeats)",
		      (unsigned long long)w.n, (long long)t->flows);
	distinct = lcm_cap(src.count, (uint64_t)sp.hi - sp.lo + 1, ADDR_CAP);
	if (strcmp(t->dst, "auto"))
		distinct = lcm_cap(distinct, dst.count, ADDR_CAP);
	if ((uint64_t)t->flows > distinct)
		CFAIL("flows", "%lld flows but src, dst and src_port give only %llu distinct "
		      "5-tuples (flow i takes address i and port i of each, cyclically)",
		      (long long)t->flows, (unsigned long long)distinct);
	return 0;
}

/*
 * The text keys into t->parsed, the form the source reads (checked
 * already: a failure here is an internal error).
 */
static const char *traffic_cfg_parse(struct traffic_cfg *t)
{
	struct traffic_parsed *p = &t->parsed;
	const char *why = NULL;
	uint32_t n;

	memset(p, 0, sizeof(*p));
	p->speed_ppm = 1000000;
	if (traffic_is_replay(t))
		return t->replay.speed[0] ? traffic_parse_ppm(t->replay.speed, &p->speed_ppm) : NULL;
	if (!strcmp(t->size, "table"))
		why = traffic_parse_size_table(t->sizes, &p->sizes);
	else
		why = traffic_parse_size(t->size, &p->sizes);
	if (!why)
		why = traffic_parse_addrs(t->src, &p->src);
	if (!why)
		why = traffic_parse_addrs(t->dst, &p->dst);
	if (!why)
		why = traffic_parse_ports(t->src_port, &p->sport);
	if (!why)
		why = traffic_parse_weights(t->weights, &p->weights);
	p->has_profile = t->rate_profile[0] != '\0';
	if (!why && p->has_profile)
		why = traffic_parse_profile(t->rate_profile, &p->prof);
	if (!why)
		why = traffic_parse_time_dist(t->on, &p->on);
	if (!why)
		why = traffic_parse_time_dist(t->off, &p->off);
	p->has_think = t->think_time[0] != '\0';
	if (!why && p->has_think)
		why = traffic_parse_time_dist(t->think_time, &p->think);
	if (!why)
		why = traffic_parse_msg_size(t->request_size, &p->req);
	if (!why)
		why = traffic_parse_msg_size(t->response_size, &p->resp);
	if (!why && t->arrival == ARR_MMPP)
		why = traffic_parse_list(t->mmpp.rates, UNIT_RATE, p->mm_rate, TRAFFIC_MAX_STATES,
					 &p->nstates);
	if (!why && t->arrival == ARR_MMPP)
		why = traffic_parse_list(t->mmpp.mean_dwell, UNIT_TIME, p->mm_dwell,
					 TRAFFIC_MAX_STATES, &n);
	return why;
}

int traffic_cfg_resolve(struct traffic_cfg *t, char *msg, size_t len)
{
	struct addr_range src;
	int64_t rates[TRAFFIC_MAX_STATES], dwell[TRAFFIC_MAX_STATES];
	uint32_t nr, nd, i;

	(void)msg;
	(void)len;
	/* rate is echoed in the summary: the mean rate of an MMPP, 0 where a
	 * rate_profile or the trace sets it */
	if (t->rate < 0)
		t->rate = 0;
	if (traffic_is_replay(t))
		return traffic_cfg_parse(t) ? -1 : 0;
	if (t->arrival == ARR_MMPP &&
	    !traffic_parse_list(t->mmpp.rates, UNIT_RATE, rates, TRAFFIC_MAX_STATES, &nr) &&
	    !traffic_parse_list(t->mmpp.mean_dwell, UNIT_TIME, dwell, TRAFFIC_MAX_STATES, &nd) &&
	    nr == nd) {
		double num = 0, den = 0;

		for (i = 0; i < nr; i++) {
			num += (double)rates[i] * (double)dwell[i];
			den += (double)dwell[i];
		}
		t->rate = den > 0 ? (int64_t)llround(num / den) : 0;
	}
	if (!strcmp(t->size, "auto"))
		strcpy(t->size, t->sizes[0] ? "table" : "64");
	if (!strcmp(t->dst, "auto") && !traffic_parse_addrs(t->src, &src))
		strcpy(t->dst, src.family == FLOW_IPV6 ? "fd00::1" : "192.168.0.1");
	return traffic_cfg_parse(t) ? -1 : 0;
}
