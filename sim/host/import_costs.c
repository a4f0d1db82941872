/* SPDX-License-Identifier: MIT */
/*
 * import_costs.c - a calibration (`rxsim calibrate --out`) in an imported
 * scenario: its costs, the reader's cost per datagram and the measured
 * rate, each with its source.
 *
 * Over a NIC, calibrate already wrote host.costs (the softirq time per
 * packet less the driver steps).  Over lo there is no driver step: a
 * datagram's NET_RX work is process_backlog's dequeue, then ip_rcv ...
 * udp_queue_rcv_skb and the reader's wakeup (sock_def_readable, paid by
 * the softirq that queues).  At a paced rate the scenario's reader sleeps
 * between datagrams (their gap, 1/rate, is well above its cost), so each
 * datagram's softirq pays one wakeup: ip_udp_rx is the fit less the
 * defaults of process_backlog and wakeup.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

/* params.c defaults of host.costs.process_backlog and host.costs.wakeup */
#define LO_PROCESS_BACKLOG_NS 45.0
#define LO_WAKEUP_NS 500.0
/* a calibration is a few KiB */
#define CALIB_MAX (1 << 20)

static int bad(struct rxsim_err *err, const char *name, const char *path, const char *what)
{
	return snap_error(err, name, 0, "%s: expected %s", path, what);
}

/* "300ns", "1.5us", "2ms", "0s": what a PT_COST takes as a fixed time */
static bool cost_text(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || !isfinite(v) || v < 0)
		return false;
	return !strcmp(end, "ns") || !strcmp(end, "us") || !strcmp(end, "ms") || !strcmp(end, "s");
}

/* @o.@key a number >= 0 when present */
static int number(const cJSON *o, const char *key, const char *name, const char *path,
		  struct rxsim_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	char p[128];

	if (!v)
		return 0;
	snprintf(p, sizeof(p), "%s/%s", path, key);
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0)
		return bad(err, name, p, "a number >= 0");
	return 0;
}

static int fit(const cJSON *cal, const char *key, const char *name, struct rxsim_err *err)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(cal, key);
	char p[128];
	int rc;

	if (!f)
		return 0;
	snprintf(p, sizeof(p), "/calibration/%s", key);
	if (!cJSON_IsObject(f))
		return bad(err, name, p, "{\"value\": NS, \"err\": NS}");
	if (!cJSON_GetObjectItemCaseSensitive(f, "value"))
		return bad(err, name, p, "a \"value\"");
	if ((rc = number(f, "value", name, p, err)) || (rc = number(f, "err", name, p, err)))
		return rc;
	return 0;
}

int snap_calib_parse(const char *name, const char *text, cJSON **out, struct rxsim_err *err)
{
	static const char *const fits[] = { "softirq_ns_per_packet", "hardirq_ns_per_interrupt",
					     "app_ns_per_datagram", NULL };
	cJSON *root = cJSON_Parse(text);
	const cJSON *host, *costs, *cal, *c;
	int rc = 0, i;

	*out = NULL;
	if (!root) {
		const char *at = cJSON_GetErrorPtr();
		int line = 1;

		for (; at && text < at; text++)
			line += *text == '\n';
		return snap_error(err, name, line, "not JSON");
	}
	if (!cJSON_IsObject(root)) {
		rc = bad(err, name, "/", "the object of rxsim calibrate --out");
		goto out;
	}
	host = cJSON_GetObjectItemCaseSensitive(root, "host");
	costs = cJSON_GetObjectItemCaseSensitive(host, "costs");
	cal = cJSON_GetObjectItemCaseSensitive(root, "calibration");
	if (!cJSON_IsObject(costs) && !cal) {
		rc = bad(err, name, "/", "{\"host\": {\"costs\": ...}, \"calibration\": ...} (the "
			 "output of rxsim calibrate --out)");
		goto out;
	}
	if (costs && !cJSON_IsObject(costs)) {
		rc = bad(err, name, "/host/costs", "an object of cost texts");
		goto out;
	}
	cJSON_ArrayForEach(c, costs) {
		char p[160];

		snprintf(p, sizeof(p), "/host/costs/%s", c->string);
		if (!cJSON_IsString(c) || !cost_text(c->valuestring)) {
			rc = bad(err, name, p, "a time such as \"1.2us\" or \"850ns\"");
			goto out;
		}
	}
	if (cal && !cJSON_IsObject(cal)) {
		rc = bad(err, name, "/calibration", "an object");
		goto out;
	}
	if (cal && (rc = number(cal, "pps", name, "/calibration", err)))
		goto out;
	for (i = 0; cal && fits[i]; i++)
		if ((rc = fit(cal, fits[i], name, err)))
			goto out;
out:
	if (rc)
		cJSON_Delete(root);
	else
		*out = root;
	return rc;
}

int snap_calib_read(const char *path, cJSON **out, struct rxsim_err *err)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;
	int rc;

	*out = NULL;
	if (!f)
		return snap_error(err, path, 0, "cannot open: %s", strerror(errno));
	buf = malloc(CALIB_MAX + 1);
	if (!buf) {
		fclose(f);
		return RXSIM_EINTERNAL;
	}
	n = fread(buf, 1, CALIB_MAX + 1, f);
	fclose(f);
	if (n > CALIB_MAX) {
		free(buf);
		return snap_error(err, path, 0, "larger than %d bytes: not the output of rxsim "
				  "calibrate --out", CALIB_MAX);
	}
	buf[n] = '\0';
	rc = snap_calib_parse(path, buf, out, err);
	free(buf);
	return rc;
}

static const cJSON *calib_at(const cJSON *root, const char *a, const char *b)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(root, a);

	return b ? cJSON_GetObjectItemCaseSensitive(n, b) : n;
}

static cJSON *costs_of(struct imp *I)
{
	cJSON *host = cJSON_GetObjectItemCaseSensitive(I->root, "host");
	cJSON *c = cJSON_GetObjectItemCaseSensitive(host, "costs");

	return c ? c : cJSON_AddObjectToObject(host, "costs");
}

/* ip_udp_rx over lo from the softirq fit, when the fit is usable */
static void lo_softirq(struct imp *I, const char *lab, const cJSON *cal)
{
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(cal, "softirq_ns_per_packet");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(f, "value");
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(f, "err");
	double ns, ip, er = cJSON_IsNumber(e) ? e->valuedouble : 0;
	char text[64], src[300];

	if (!cJSON_IsNumber(v)) {
		imp_note(I, "%s has no softirq fit: host.costs.ip_udp_rx left at the default", lab);
		return;
	}
	ns = v->valuedouble;
	/* calibrate's rule: a fit within twice its uncertainty is no fit */
	if (ns <= 2 * er) {
		imp_warn(I, "%s: softirq %.1f +- %.1f ns a packet is too uncertain (more load or a "
			 "longer interval): host.costs.ip_udp_rx left at the default", lab, ns, er);
		return;
	}
	ip = ns - LO_PROCESS_BACKLOG_NS - LO_WAKEUP_NS;
	if (ip < ns / 2)
		ip = ns / 2;
	snprintf(text, sizeof(text), "%.1fns", ip);
	cJSON_AddStringToObject(costs_of(I), "ip_udp_rx", text);
	snprintf(src, sizeof(src), "%s calibration.softirq_ns_per_packet", lab);
	imp_source(I, "host.costs.ip_udp_rx", src, 0);
	imp_note(I, "host.costs.ip_udp_rx %s: the softirq time per packet over lo (%.1f +- %.1f "
		 "ns) less process_backlog (45ns) and one reader wakeup (500ns) at their defaults",
		 text, ns, er);
}

int imp_costs(struct imp *I, const struct snap_import_opts *o, bool lo)
{
	const char *lab = o->calib_label ? o->calib_label : "the calibration";
	const cJSON *cal = calib_at(o->calib, "calibration", NULL), *c, *v;
	cJSON *app = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(I->root, "apps"), 0);
	char src[300], path[96], text[64];

	if (lo) {
		lo_softirq(I, lab, cal);
	} else {
		cJSON_ArrayForEach(c, calib_at(o->calib, "host", "costs")) {
			cJSON *costs = costs_of(I);

			cJSON_DeleteItemFromObjectCaseSensitive(costs, c->string);
			cJSON_AddStringToObject(costs, c->string, c->valuestring);
			snprintf(path, sizeof(path), "host.costs.%s", c->string);
			snprintf(src, sizeof(src), "%s host.costs.%s", lab, c->string);
			imp_source(I, path, src, 0);
		}
	}
	v = calib_at(calib_at(cal, "app_ns_per_datagram", NULL), "value", NULL);
	if (app && cJSON_IsNumber(v)) {
		/* getrusage holds the whole recv loop: syscall, copy, sleeps */
		snprintf(text, sizeof(text), "%.1fns", v->valuedouble);
		cJSON_AddStringToObject(app, "per_datagram", text);
		cJSON_AddStringToObject(app, "syscall", "0ns");
		cJSON_AddStringToObject(app, "copy_per_kib", "0ns");
		cJSON_AddStringToObject(app, "per_packet", "0ns");
		snprintf(src, sizeof(src), "%s calibration.app_ns_per_datagram", lab);
		imp_source(I, "apps.0.per_datagram", src, 0);
		imp_note(I, "apps.0.per_datagram %s: the reader's CPU time per datagram, measured "
			 "whole (recv, copy, its sleeps and wakeups): syscall, copy_per_kib and "
			 "per_packet are 0", text);
	}
	v = calib_at(cal, "pps", NULL);
	if (cJSON_IsNumber(v) && v->valuedouble >= 1) {
		cJSON *arr = cJSON_GetObjectItemCaseSensitive(I->root, lo ? "senders" : "traffic");
		cJSON *s = cJSON_GetArrayItem(arr, 0);

		if (s) {
			snprintf(text, sizeof(text), "%.0fpps", v->valuedouble);
			cJSON_DeleteItemFromObjectCaseSensitive(s, "rate");
			cJSON_AddStringToObject(s, "rate", text);
			snprintf(path, sizeof(path), "%s.0.rate", lo ? "senders" : "traffic");
			snprintf(src, sizeof(src), "%s calibration.pps", lab);
			imp_source(I, path, src, 0);
		}
	}
	return 0;
}
