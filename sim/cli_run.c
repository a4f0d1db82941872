/* SPDX-License-Identifier: MIT */
/*
 * cli_run.c - `rxsim run`: load, simulate, report, check expectations.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "rxsim/run.h"
#include "rxsim/scenario.h"
#include "rxsim/units.h"

static const char usage[] =
	"Usage: rxsim run SCENARIO.json [OPTIONS]\n"
	"\n"
	"Simulate SCENARIO and print a summary: drops by place and kernel counter,\n"
	"latency end to end and per stage, CPU time per CPU, conservation check.\n"
	"\n"
	"Options:\n"
	"  -s, --set PATH=VALUE   override a scenario key (e.g. nics.0.rx_ring=1024,\n"
	"                         host.sysctl.net.core.netdev_budget=600); repeatable\n"
	"      --seed N           override the scenario seed\n"
	"  -o, --out DIR          write DIR/summary.json, DIR/timeseries.csv (one row per\n"
	"                         output.interval) and DIR/latency.csv (quantiles of each\n"
	"                         latency stage); DIR is created if missing\n"
	"      --json             print the summary JSON on stdout instead of text\n"
	"  -e, --expect BOUND     PATH<=VALUE or PATH>=VALUE on a summary value, e.g.\n"
	"                         drops.total<=0 or latency_ns.e2e.p99<=100us; repeatable\n"
	"  -q, --quiet            print nothing on success\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status: 0 success; 1 an expect bound failed; 2 bad input; 3 internal error.\n";

static int parse_bound(const char *s, struct expect_cfg *e)
{
	const char *op = strstr(s, "<=");
	bool max = true;
	char text[64];
	char *end;

	if (!op) {
		op = strstr(s, ">=");
		max = false;
	}
	if (!op || op == s || (size_t)(op - s) >= sizeof(e->path) || strlen(op + 2) >= 32 ||
	    !op[2])
		return -1;
	memset(e, 0, sizeof(*e));
	memcpy(e->path, s, (size_t)(op - s));
	snprintf(text, sizeof(text), "%s", op + 2);
	{
		int64_t v;
		const char *why;
		double d;

		d = strtod(text, &end);
		if (!*end && end != text)
			;
		else if (!units_parse(text, UNIT_TIME, 0, &v, &why) ||
			 !units_parse(text, UNIT_RATE, 0, &v, &why))
			d = (double)v / 1000.0;
		else if (!units_parse(text, UNIT_SIZE, 0, &v, &why) ||
			 !units_parse(text, UNIT_BW, 0, &v, &why))
			d = (double)v;
		else
			return -1;
		if (max) {
			e->has_max = true;
			e->max = d;
			snprintf(e->max_text, sizeof(e->max_text), "%s", text);
		} else {
			e->has_min = true;
			e->min = d;
			snprintf(e->min_text, sizeof(e->min_text), "%s", text);
		}
	}
	return 0;
}

static int ensure_dir(const char *dir, struct rxsim_err *err)
{
	struct stat st;

	if (!stat(dir, &st)) {
		if (S_ISDIR(st.st_mode))
			return 0;
		snprintf(err->msg, sizeof(err->msg), "%s: not a directory", dir);
		return RXSIM_EINPUT;
	}
	if (mkdir(dir, 0777)) {
		snprintf(err->msg, sizeof(err->msg), "%s: cannot create: %s", dir, strerror(errno));
		return RXSIM_EINTERNAL;
	}
	return 0;
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "set", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "out", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "expect", required_argument, NULL, 'e' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char **sets = calloc((size_t)argc + 1, sizeof(*sets));
	struct expect_cfg *extra = calloc((size_t)argc + 1, sizeof(*extra));
	char seedset[64];
	int nsets = 0, nextra = 0, c, rc, failed = 0, status = EXIT_OK;
	const char *out = NULL;
	bool json = false, quiet = false;
	struct rxsim_err err = { { 0 } };
	struct scenario sc;
	struct rxsim_run *r = NULL;
	struct rxsim_outputs outs = { NULL };
	struct outfile ts_file = { .f = NULL };
	cJSON *summary = NULL;
	char *text = NULL;

	if (!sets || !extra)
		return EXIT_INTERNAL;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "s:o:e:qh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			sets[nsets++] = optarg;
			break;
		case 'S':
			snprintf(seedset, sizeof(seedset), "seed=%s", optarg);
			sets[nsets++] = seedset;
			break;
		case 'o':
			out = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'e':
			if (parse_bound(optarg, &extra[nextra])) {
				status = cli_usage_error("run", "--expect %s: expected PATH<=VALUE or "
							 "PATH>=VALUE", optarg);
				goto out;
			}
			nextra++;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			fputs(usage, stdout);
			goto out;
		default:
			status = cli_usage_error("run", "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (optind != argc - 1) {
		status = cli_usage_error("run", optind >= argc ? "missing SCENARIO" :
					 "expected one SCENARIO, got %d", argc - optind);
		goto out;
	}
	rc = scenario_load(argv[optind], sets, nsets, &sc, &err);
	if (rc) {
		fprintf(stderr, "rxsim: %s\n", err.msg);
		status = cli_exit_for(rc);
		goto out;
	}
	r = malloc(sizeof(*r));
	if (!r) {
		status = EXIT_INTERNAL;
		goto out_sc;
	}
	if (out) {
		char path[4096];

		rc = ensure_dir(out, &err);
		snprintf(path, sizeof(path), "%s/timeseries.csv", out);
		if (!rc)
			rc = outfile_open(&ts_file, path, &err);
		if (rc) {
			fprintf(stderr, "rxsim: %s\n", err.msg);
			status = cli_exit_for(rc);
			free(r);
			r = NULL;
			goto out_sc;
		}
		outs.timeseries = ts_file.f;
	}
	rc = rxsim_run(r, &sc, &outs, &err);
	if (rc) {
		fprintf(stderr, "rxsim: %s\n", err.msg);
		status = cli_exit_for(rc);
		goto out_run;
	}
	summary = rxsim_summary(r, true);
	rc = rxsim_check_expect(summary, sc.expect, sc.n_expect, stderr, &err);
	if (rc >= 0) {
		failed = rc;
		rc = rxsim_check_expect(summary, extra, (uint32_t)nextra, stderr, &err);
	}
	if (rc < 0) {
		fprintf(stderr, "rxsim: %s\n", err.msg);
		status = EXIT_INPUT;
		goto out_run;
	}
	failed += rc;
	if (out) {
		char path[4096];

		text = cJSON_Print(summary);
		snprintf(path, sizeof(path), "%s/summary.json", out);
		rc = text ? rxsim_write_file(path, text, strlen(text), &err) : RXSIM_EINTERNAL;
		if (!rc)
			rc = outfile_commit(&ts_file, &err);
		if (!rc) {
			struct outfile lat;

			snprintf(path, sizeof(path), "%s/latency.csv", out);
			rc = outfile_open(&lat, path, &err);
			if (!rc) {
				rxsim_write_latency_csv(lat.f, r);
				rc = outfile_commit(&lat, &err);
			}
		}
		if (rc) {
			fprintf(stderr, "rxsim: %s\n", text ? err.msg : "out of memory");
			status = EXIT_INTERNAL;
			goto out_run;
		}
	}
	if (json) {
		if (!text)
			text = cJSON_Print(summary);
		if (text)
			printf("%s\n", text);
	} else if (!quiet) {
		rxsim_print_summary(stdout, r);
	}
	status = failed ? EXIT_EXPECT : EXIT_OK;
out_run:
	outfile_abort(&ts_file);
	cJSON_free(text);
	cJSON_Delete(summary);
	rxsim_run_free(r);
	free(r);
out_sc:
	scenario_free(&sc);
out:
	free(sets);
	free(extra);
	return status;
}
