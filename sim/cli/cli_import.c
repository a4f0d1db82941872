/* SPDX-License-Identifier: MIT */
/*
 * cli_import.c - `rxsim import`: a snapshot of tools/rxsim-snapshot as a
 * scenario, checked by the loader before it is written.
 */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rxsim/hostsnap.h"
#include "rxsim/run.h"
#include "rxsim/scenario.h"

static const char usage[] =
	"Usage: rxsim import SNAPSHOT [--iface IF] [--costs FILE] [--out FILE] [--explain]\n"
	"\n"
	"Write the scenario of a host from a snapshot of tools/rxsim-snapshot (a\n"
	"directory or a .tar.gz): kernel version, CPUs, the net.core sysctls the\n"
	"scenario has keys for, and per interface the driver profile (ethtool -i; an\n"
	"unknown driver is generic, with a warning), rx queues (-l), ring (-g),\n"
	"coalescing (-c), RSS indirection table and key (-x), rx-flow-hash udp4 (-n),\n"
	"IRQ affinity (/proc/interrupts, smp_affinity_list), RPS masks and flow counts.\n"
	"Its \"sources\" name the snapshot file and line of each value; its \"notes\"\n"
	"list settings without a scenario key (threaded, napi_defer_hard_irqs,\n"
	"gro_flush_timeout, tcp_rmem, busy_read ...).  lo becomes a devices[] entry\n"
	"(mtu, rx-0 rps_cpus); other software devices are not imported.  Sockets,\n"
	"readers and traffic are a template; with --iface lo, a sender on lo (CPU 0)\n"
	"and a reader on the last CPU, as tools/udp_pace makes.\n"
	"\n"
	"--costs takes the file of 'rxsim calibrate --out': its host.costs (over lo:\n"
	"ip_udp_rx from the softirq fit less process_backlog and one wakeup), the\n"
	"reader's cost per datagram as apps.0.per_datagram, and the packets processed\n"
	"a second (calibration.pps) as the sender's (lo) or traffic.0's rate, each with\n"
	"its source.\n"
	"\n"
	"Options:\n"
	"  -i, --iface IF   only interface IF (default: every hardware interface)\n"
	"  -c, --costs FILE the costs, reader cost and rate of a calibration\n"
	"  -o, --out FILE   write the scenario to FILE, atomically (default: stdout)\n"
	"  -x, --explain    print each imported value with where it was read\n"
	"  -q, --quiet      no warnings on stderr\n"
	"  -h, --help       show this help\n"
	"\n"
	"Exit status: 0 success; 2 bad command line, unreadable or malformed snapshot\n"
	"or calibration (the message names the file and line, or JSON path); 3 the\n"
	"output could not be written.\n";

/* The value at dotted @path, whose keys may hold dots themselves
 * ("host.sysctl.net.core.netdev_budget"). */
static const cJSON *at_path(const cJSON *node, const char *path)
{
	const cJSON *c;

	if (!*path)
		return node;
	if (cJSON_IsArray(node)) {
		char *end;
		long i = strtol(path, &end, 10);

		if (end == path || (*end && *end != '.'))
			return NULL;
		c = cJSON_GetArrayItem(node, (int)i);
		return c ? at_path(c, *end ? end + 1 : end) : NULL;
	}
	cJSON_ArrayForEach(c, node) {
		size_t n = strlen(c->string);
		const cJSON *r;

		if (strncmp(path, c->string, n) || (path[n] && path[n] != '.'))
			continue;
		if ((r = at_path(c, path[n] ? path + n + 1 : path + n)))
			return r;
	}
	return NULL;
}

static void explain(const cJSON *root)
{
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(root, "sources"), *s;

	cJSON_ArrayForEach(s, src) {
		const cJSON *v = at_path(root, s->string);
		char *text = v ? cJSON_PrintUnformatted(v) : NULL;

		printf("%-40s %-28s <- %s\n", s->string, text ? text : "?", s->valuestring);
		free(text);
	}
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "iface", required_argument, NULL, 'i' },
		{ "costs", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "explain", no_argument, NULL, 'x' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct snap_import_opts o = { 0 };
	struct snap_kvlist warns = { 0 };
	struct rxsim_err err = { { 0 } };
	struct scenario sc;
	struct snap s;
	const char *out = "-", *costs = NULL;
	cJSON *calib = NULL;
	bool quiet = false, expl = false;
	cJSON *root = NULL;
	char *text = NULL;
	int c, rc, i;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:c:o:xqh", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			o.iface = optarg;
			break;
		case 'c':
			costs = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'x':
			expl = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			return cli_option_error("import", c, argv, opts);
		}
	}
	if (optind >= argc)
		return cli_usage_error("import", "missing SNAPSHOT");
	if (optind + 1 < argc)
		return cli_usage_error("import", "one SNAPSHOT only, got '%s' too", argv[optind + 1]);
	if (expl && !strcmp(out, "-"))
		return cli_usage_error("import", "--explain prints on stdout: give --out FILE");
	o.label = argv[optind];
	if (costs) {
		rc = snap_calib_read(costs, &calib, &err);
		if (rc) {
			fprintf(stderr, "rxsim import: %s\n", err.msg);
			return cli_exit_for(rc);
		}
		o.calib = calib;
		o.calib_label = costs;
	}
	rc = snap_open(&s, argv[optind], &err);
	if (!rc)
		rc = snap_import(&s, &o, &root, &warns, &err);
	snap_close(&s);
	cJSON_Delete(calib);
	if (rc) {
		fprintf(stderr, "rxsim import: %s\n", err.msg);
		snap_kv_free(&warns);
		return cli_exit_for(rc);
	}
	for (i = 0; !quiet && i < warns.n; i++)
		fprintf(stderr, "rxsim import: warning: %s\n", warns.v[i].val);
	snap_kv_free(&warns);
	text = cJSON_Print(root);
	if (!text) {
		cJSON_Delete(root);
		return EXIT_INTERNAL;
	}
	/* what is written must load: a value the loader rejects is named here */
	rc = scenario_load_buffer(out, text, strlen(text), NULL, 0, &sc, &err);
	if (rc) {
		fprintf(stderr, "rxsim import: the imported scenario does not load: %s\n", err.msg);
		free(text);
		cJSON_Delete(root);
		return cli_exit_for(rc);
	}
	scenario_free(&sc);
	if (strcmp(out, "-")) {
		size_t n = strlen(text);

		text[n] = '\n';	/* the NUL goes: written by length */
		rc = rxsim_write_file(out, text, n + 1, &err);
		if (rc) {
			fprintf(stderr, "rxsim: %s\n", err.msg);
			free(text);
			cJSON_Delete(root);
			return EXIT_INTERNAL;
		}
		if (expl)
			explain(root);
	} else {
		puts(text);
	}
	free(text);
	cJSON_Delete(root);
	return EXIT_OK;
}
