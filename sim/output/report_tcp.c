/* SPDX-License-Identifier: MIT */
/*
 * report_tcp.c - the "tcp" section of the summary, present only when the
 * scenario has TCP: connections, bytes delivered and goodput, per-connection
 * throughput and RTT percentiles, /proc/net/snmp Tcp and /proc/net/netstat
 * TcpExt under their names, memory against net.ipv4.tcp_mem, and the
 * `ss -tmi` view of the first connections; for request/response traffic,
 * transactions per second and their latency.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_tcp.h"
#include "rxsim/tcp.h"
#include "rxsim/traffic.h"

#define SS_MAX 16	/* connections shown one by one */

/* The fixed memory of one established, epoll-watched connection as a 6.x
 * x86-64 kernel allocates it (slab object sizes, approximate): TCP 2432
 * (struct tcp_sock), sock_inode_cache 832, filp 256, dentry 192,
 * eventpoll_epi 128. */
#define TCP_CONN_FIXED_BYTES (2432 + 832 + 256 + 192 + 128)

static void u64(cJSON *o, const char *key, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	cJSON_AddRawToObject(o, key, buf);
}

static void i64(cJSON *o, const char *key, int64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRId64, v);
	cJSON_AddRawToObject(o, key, buf);
}

static void fixed(cJSON *o, const char *key, double v, int decimals)
{
	char buf[64];

	if (!isfinite(v))
		v = 0;
	snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	cJSON_AddRawToObject(o, key, buf);
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Nearest-rank percentiles of @v (sorted here). */
static void pcts(cJSON *parent, const char *key, double *v, size_t n, int decimals)
{
	cJSON *o = cJSON_CreateObject();
	static const struct { const char *k; double q; } q[] = {
		{ "min", 0 }, { "p50", 0.5 }, { "p90", 0.9 }, { "p99", 0.99 }, { "max", 1 },
	};
	size_t i;

	cJSON_AddItemToObject(parent, key, o);
	if (!n)
		return;
	qsort(v, n, sizeof(*v), cmp_d);
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		size_t r = q[i].q <= 0 ? 0 : (size_t)ceil(q[i].q * (double)n) - 1;

		fixed(o, q[i].k, v[r < n ? r : n - 1], decimals);
	}
}

static void ss_view(cJSON *a, const struct host *h, const struct tcp_sock *tp)
{
	cJSON *o = cJSON_CreateObject(), *sk;
	char buf[160];

	cJSON_AddItemToArray(a, o);
	snprintf(buf, sizeof(buf), "%s:%u", h->sc->traffic[tp->src].name, tp->flow);
	cJSON_AddStringToObject(o, "connection", buf);
	cJSON_AddStringToObject(o, "listener", tp->cfg->name);
	/* skmem:(r<rmem_alloc>,rb<rcvbuf>,...,f<forward_alloc>,...,bl<backlog>) */
	snprintf(buf, sizeof(buf), "(r%" PRId64 ",rb%" PRId64 ",f%" PRId64 ",bl%" PRId64 ")",
		 tp->sk_rmem_alloc, tp->sk_rcvbuf, tp->sk_forward_alloc, tp->backlog_len);
	cJSON_AddStringToObject(o, "skmem", buf);
	u64(o, "rcv_space", tp->rcvq_space);
	u64(o, "rcv_ssthresh", tp->rcv_ssthresh);
	u64(o, "rcv_wnd", tp->rcv_wnd);
	u64(o, "window_clamp", tp->window_clamp);
	u64(o, "rcv_wscale", tp->rcv_wscale);
	u64(o, "rcv_mss", tp->rcv_mss);
	u64(o, "scaling_ratio", tp->scaling_ratio);
	i64(o, "rmem_alloc", tp->sk_rmem_alloc);
	i64(o, "rcvbuf", tp->sk_rcvbuf);
	i64(o, "max_rmem_alloc", tp->max_rmem_alloc);
	u64(o, "max_rcv_wnd", tp->max_rcv_wnd);
	u64(o, "bytes_received", tp->bytes_in);
	u64(o, "bytes_read", tp->bytes_read);
	u64(o, "segs_in", tp->segs_in);
	u64(o, "acks_sent", tp->acks_sent);
	u64(o, "zero_window_acks", tp->zero_wnd_acks);
	if (tp->snd.rr) {
		u64(o, "transactions", tp->snd.transactions);
		fixed(o, "mean_latency_us", tp->snd.transactions ?
			  (double)tp->snd.rr_lat_sum / (double)tp->snd.transactions / SIM_US : 0, 3);
		u64(o, "pingpong", tp->pingpong);
	}
	sk = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "sender", sk);
	u64(sk, "cwnd", tp->snd.cwnd);
	u64(sk, "ssthresh", tp->snd.ssthresh > 0x7fffff ? 0 : tp->snd.ssthresh);
	fixed(sk, "srtt_us", (double)tp->snd.srtt / SIM_US, 1);
	u64(sk, "snd_wnd", tp->snd.snd_wnd);
	u64(sk, "segs_out", tp->snd.segs_sent);
	u64(sk, "retrans", tp->snd.retrans);
	u64(sk, "probes", tp->snd.probes);
}

/* Request/response connections: transactions and the latency of each
 * (request written -> reply whole at the client), over all of them and
 * per connection. */
static void rr_view(cJSON *o, const struct tcp_host *th, double secs)
{
	cJSON *rr = cJSON_CreateObject(), *lat = cJSON_CreateObject(), *m;
	const struct hist *hs = th->rr_lat;
	double *tps = calloc(th->nconns ? th->nconns : 1, sizeof(*tps));
	double *mean = calloc(th->nconns ? th->nconns : 1, sizeof(*mean));
	double *worst = calloc(th->nconns ? th->nconns : 1, sizeof(*worst));
	static const struct { const char *k; double q; } q[] = {
		{ "p50", 0.5 }, { "p90", 0.9 }, { "p99", 0.99 }, { "p999", 0.999 },
	};
	size_t n = 0, i;

	cJSON_AddItemToObject(o, "request_response", rr);
	u64(rr, "transactions", hs->count);
	fixed(rr, "transactions_per_s", secs > 0 ? (double)hs->count / secs : 0, 1);
	cJSON_AddItemToObject(rr, "latency_us", lat);
	fixed(lat, "min", (double)(hs->count ? hs->min : 0) / SIM_US, 3);
	fixed(lat, "mean", (double)hist_mean(hs) / SIM_US, 3);
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++)
		fixed(lat, q[i].k, (double)hist_quantile(hs, q[i].q) / SIM_US, 3);
	fixed(lat, "max", (double)(hs->count ? hs->max : 0) / SIM_US, 3);
	for (i = 0; tps && mean && worst && i < th->nconns; i++) {
		const struct tcp_sock *tp = &th->conns[i];

		if (tp->listener < 0 || !tp->snd.rr)
			continue;
		tps[n] = secs > 0 ? (double)tp->snd.transactions / secs : 0;
		mean[n] = tp->snd.transactions ? (double)tp->snd.rr_lat_sum /
						 (double)tp->snd.transactions / SIM_US : 0;
		worst[n] = (double)tp->snd.rr_lat_max / SIM_US;
		n++;
	}
	m = cJSON_CreateObject();
	cJSON_AddItemToObject(rr, "per_connection", m);
	if (tps && mean && worst) {
		pcts(m, "transactions_per_s", tps, n, 1);
		pcts(m, "mean_latency_us", mean, n, 3);
		pcts(m, "max_latency_us", worst, n, 3);
	}
	free(tps);
	free(mean);
	free(worst);
}

void report_tcp(const struct host *h, cJSON *root, double secs)
{
	const struct tcp_host *th = h->tcp;
	cJSON *o, *m;
	double *thr, *rtt;
	size_t n = 0, i;
	uint64_t segs = 0, retrans = 0, fast = 0, tmo = 0, probes = 0, bytes_sent = 0;
	uint64_t peak_rmem = 0;

	if (!th)
		return;
	o = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "tcp", o);
	thr = calloc(th->nconns ? th->nconns : 1, sizeof(*thr));
	rtt = calloc(th->nconns ? th->nconns : 1, sizeof(*rtt));
	for (i = 0; i < th->nconns; i++) {
		const struct tcp_sock *tp = &th->conns[i];

		if (tp->listener < 0)
			continue;
		thr[n] = secs > 0 ? (double)tp->bytes_read * 8 / secs : 0;
		rtt[n] = tp->snd.rtt_samples ? (double)tp->snd.rtt_sum / (double)tp->snd.rtt_samples /
					       SIM_US : (double)tp->snd.srtt / SIM_US;
		n++;
		segs += tp->snd.segs_sent;
		bytes_sent += tp->snd.bytes_sent;
		retrans += tp->snd.retrans;
		fast += tp->snd.fast_retrans;
		tmo += tp->snd.timeouts;
		probes += tp->snd.probes;
		peak_rmem += (uint64_t)tp->max_rmem_alloc;
	}
	u64(o, "connections", n);
	u64(o, "refused", th->mib.AttemptFails);
	u64(o, "bytes_delivered", th->bytes_read);
	fixed(o, "goodput_bps", secs > 0 ? (double)th->bytes_read * 8 / secs : 0, 0);
	m = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "per_connection", m);
	if (thr && rtt) {
		pcts(m, "goodput_bps", thr, n, 0);
		pcts(m, "mean_rtt_us", rtt, n, 1);
	}
	free(thr);
	free(rtt);
	if (th->rr_lat)
		rr_view(o, th, secs);
	m = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "senders", m);
	u64(m, "segments", segs);
	u64(m, "bytes", bytes_sent);
	u64(m, "retransmitted", retrans);
	u64(m, "fast_retransmits", fast);
	u64(m, "timeouts", tmo);
	u64(m, "zero_window_probes", probes);

	m = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "snmp_Tcp", m);
	u64(m, "PassiveOpens", th->mib.PassiveOpens);
	u64(m, "AttemptFails", th->mib.AttemptFails);
	u64(m, "CurrEstab", th->mib.CurrEstab);
	u64(m, "InSegs", th->mib.InSegs);
	u64(m, "OutSegs", th->mib.OutSegs);
	u64(m, "InErrs", th->mib.InErrs);
	m = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "netstat_TcpExt", m);
#define X(f) u64(m, #f, th->ext.f);
	TCP_EXT_FIELDS(X)
#undef X

	m = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "memory", m);
	i64(m, "tcp_memory_allocated_pages", th->memory_allocated);
	i64(m, "tcp_memory_allocated_peak_pages", th->max_memory_allocated);
	{
		char buf[96];

		snprintf(buf, sizeof(buf), "%" PRId64 " %" PRId64 " %" PRId64, th->tcp_mem[0],
			 th->tcp_mem[1], th->tcp_mem[2]);
		cJSON_AddStringToObject(m, "tcp_mem_pages", buf);
	}
	u64(m, "fixed_per_connection_bytes", TCP_CONN_FIXED_BYTES);
	u64(m, "fixed_all_connections_bytes", (uint64_t)TCP_CONN_FIXED_BYTES * n);
	u64(m, "peak_rmem_alloc_sum_bytes", peak_rmem);
	cJSON_AddBoolToObject(m, "under_pressure", th->memory_pressure);
	{
		cJSON *a = cJSON_CreateArray();

		cJSON_AddItemToObject(o, "ss", a);
		for (i = 0, n = 0; i < th->nconns && n < SS_MAX; i++)
			if (th->conns[i].listener >= 0) {
				ss_view(a, h, &th->conns[i]);
				n++;
			}
	}
}
