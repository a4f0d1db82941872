/* SPDX-License-Identifier: MIT */
/*
 * cli_calibrate.c - `rxsim calibrate`: per-packet costs from the counter
 * deltas of two snapshots taken under a steady load.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rxsim/hostsnap.h"
#include "rxsim/run.h"
#include "rxsim/scenario.h"

static const char usage[] =
	"Usage: rxsim calibrate BEFORE AFTER [--out COSTS.json] [OPTIONS]\n"
	"       rxsim calibrate DIR [...]   (DIR/before and DIR/after of --interval)\n"
	"\n"
	"Fit the simulator's per-packet costs from two snapshots of tools/rxsim-snapshot\n"
	"taken under a steady load: softirq time per packet (/proc/stat softirq ticks of\n"
	"the CPUs that received, over softnet_stat processed), hard IRQ time per queue\n"
	"interrupt, interrupts per second, packets per NET_RX softirq, drops by place\n"
	"(softnet dropped, time_squeeze, NIC counters, Udp RcvbufErrors and InErrors),\n"
	"and the reader's time per datagram when its CPU time is given.  Each fit has\n"
	"its uncertainty: /proc/stat counts USER_HZ ticks, +-1 per CPU per reading.\n"
	"Softirq time holds every softirq (timers, RCU): on a busy host the fit is an\n"
	"upper bound.\n"
	"\n"
	"COSTS.json holds {\"host\": {\"costs\": ...}}, \"notes\" and the fit (\"calibration\"):\n"
	"give it to 'rxsim import --costs' (the costs, the reader's cost per datagram and\n"
	"the measured rate in the imported scenario) or to 'rxsim compare --costs'.\n"
	"\n"
	"Options:\n"
	"  -o, --out FILE             write the costs, atomically\n"
	"      --app-cpu-seconds S    the reader's CPU time between the snapshots\n"
	"      --app-stat B A         the same from two copies of /proc/PID/stat\n"
	"      --json                 print the fit as JSON instead of text\n"
	"  -h, --help                 show this help\n"
	"\n"
	"Exit status: 0 success; 2 bad command line or snapshot, or no load between\n"
	"the snapshots; 3 the output could not be written.\n";

static int read_text(const char *path, char **out, struct rxsim_err *err)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	*out = NULL;
	if (!f) {
		snprintf(err->msg, sizeof(err->msg), "%s: cannot open: %s", path, strerror(errno));
		return RXSIM_EINPUT;
	}
	*out = calloc(1, 4097);
	if (!*out) {
		fclose(f);
		return RXSIM_EINTERNAL;
	}
	n = fread(*out, 1, 4096, f);
	(*out)[n] = '\0';
	fclose(f);
	return 0;
}

static int app_stat(const char *b, const char *a, int hz, double *secs, double *errs,
		    struct rxsim_err *err)
{
	uint64_t tb, ta;
	char *t;
	int rc;

	if ((rc = read_text(b, &t, err)))
		return rc;
	rc = snap_parse_pid_stat(b, t, &tb, err);
	free(t);
	if (rc || (rc = read_text(a, &t, err)))
		return rc;
	rc = snap_parse_pid_stat(a, t, &ta, err);
	free(t);
	if (rc)
		return rc;
	if (ta < tb) {
		snprintf(err->msg, sizeof(err->msg), "%s: utime+stime below that of %s (another "
			 "process?)", a, b);
		return RXSIM_EINPUT;
	}
	*secs = (double)(ta - tb) / hz;
	*errs = 2.0 / hz;	/* a tick per reading */
	return 0;
}

static void print_fit(const char *what, const struct snap_fit *f, const char *unit,
		      double scale)
{
	if (!f->ok) {
		printf("  %-28s (no data)\n", what);
		return;
	}
	printf("  %-28s %10.1f +- %.1f %s (%.1f%%)\n", what, f->value * scale, f->err * scale, unit,
	       f->value > 0 ? 100 * f->err / f->value : 0);
}

/* BEFORE AFTER, or one directory with before/ and after/ */
int cli_snap_pair(const char *cmd, int argc, char **argv, int *used, struct snap *b,
		  struct snap *a, struct rxsim_err *err)
{
	char pb[4200], pa[4200];
	int rc;

	if (argc < 1)
		return cli_usage_error(cmd, "missing BEFORE and AFTER");
	snprintf(pb, sizeof(pb), "%s/before", argv[0]);
	snprintf(pa, sizeof(pa), "%s/after", argv[0]);
	if (argc == 1) {
		*used = 1;
	} else {
		snprintf(pb, sizeof(pb), "%s", argv[0]);
		snprintf(pa, sizeof(pa), "%s", argv[1]);
		*used = 2;
	}
	rc = snap_open(b, pb, err);
	if (rc) {
		fprintf(stderr, "rxsim %s: %s\n", cmd, err->msg);
		return cli_exit_for(rc);
	}
	rc = snap_open(a, pa, err);
	if (rc) {
		snap_close(b);
		fprintf(stderr, "rxsim %s: %s\n", cmd, err->msg);
		return cli_exit_for(rc);
	}
	return 0;
}

int cmd_calibrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "app-cpu-seconds", required_argument, NULL, 'A' },
		{ "app-stat", required_argument, NULL, 'S' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct rxsim_err err = { { 0 } };
	struct snap b, a;
	struct snap_delta d;
	struct snap_calib cal;
	const char *out = NULL, *stat_b = NULL, *stat_a = NULL;
	double app_s = -1, app_err = 0;
	bool json = false;
	cJSON *res;
	char *text, *end;
	int c, rc, used, i;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'A':
			app_s = strtod(optarg, &end);
			if (end == optarg || *end || !isfinite(app_s) || app_s < 0)
				return cli_usage_error("calibrate", "--app-cpu-seconds: expected "
						       "seconds >= 0, got '%s'", optarg);
			break;
		case 'S':
			/* two arguments: the second is the next word */
			if (optind >= argc)
				return cli_usage_error("calibrate", "--app-stat wants BEFORE and "
						       "AFTER files");
			stat_b = optarg;
			stat_a = argv[optind++];
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			return cli_option_error("calibrate", c, argv, opts);
		}
	}
	if (optind >= argc)
		return cli_usage_error("calibrate", "missing BEFORE and AFTER");
	if (argc - optind > 2)
		return cli_usage_error("calibrate", "unexpected '%s'", argv[optind + 2]);
	if ((rc = cli_snap_pair("calibrate", argc - optind, argv + optind, &used, &b, &a, &err)))
		return rc;
	rc = snap_delta(&b, &a, &d, &err);
	snap_close(&b);
	snap_close(&a);
	if (rc) {
		fprintf(stderr, "rxsim calibrate: %s\n", err.msg);
		return cli_exit_for(rc);
	}
	if (stat_b && (rc = app_stat(stat_b, stat_a, d.user_hz, &app_s, &app_err, &err)))
		goto fail;
	if ((rc = snap_calibrate(&d, app_s, app_err, &cal, &err)))
		goto fail;
	res = snap_calib_json(&d, &cal);
	if (json) {
		text = cJSON_Print(res);
		puts(text ? text : "");
		free(text);
	} else {
		printf("interval %.2f s (+- %.2f), USER_HZ %d, %d CPU(s) with receive work\n",
		       d.secs, d.secs_err, d.user_hz, cal.net_cpus);
		printf("  %-28s %10.0f pps\n", "packets (softnet processed)", cal.pps);
		printf("  %-28s %10.0f /s\n", "queue interrupts", cal.irq_per_s);
		print_fit("softirq per packet", &cal.softirq_per_pkt, "ns", 1e9);
		print_fit("hard IRQ per interrupt", &cal.hardirq_per_irq, "ns", 1e9);
		print_fit("packets per NET_RX", &cal.pkts_per_poll, "", 1);
		print_fit("reader per datagram", &cal.app_per_dgram, "ns", 1e9);
		printf("drops: softnet dropped %llu, time_squeeze %llu, Udp RcvbufErrors %.0f, "
		       "InErrors %.0f\n", (unsigned long long)d.dropped,
		       (unsigned long long)d.time_squeeze,
		       snap_delta_get(&d.snmp, "Udp.RcvbufErrors", 0),
		       snap_delta_get(&d.snmp, "Udp.InErrors", 0));
		for (i = 0; i < d.nq; i++)
			printf("  %s queue %d (IRQ %d): %.0f interrupts/s\n", d.q[i].iface,
			       d.q[i].queue, d.q[i].irq, (double)d.q[i].interrupts / d.secs);
	}
	if (out) {
		text = cJSON_Print(res);
		rc = text ? rxsim_write_file(out, text, strlen(text), &err) : RXSIM_EINTERNAL;
		free(text);
		if (rc) {
			fprintf(stderr, "rxsim: %s\n", err.msg);
			cJSON_Delete(res);
			snap_delta_free(&d);
			return EXIT_INTERNAL;
		}
	}
	cJSON_Delete(res);
	snap_delta_free(&d);
	return EXIT_OK;
fail:
	fprintf(stderr, "rxsim calibrate: %s\n", err.msg);
	snap_delta_free(&d);
	return cli_exit_for(rc);
}
