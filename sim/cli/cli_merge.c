/* SPDX-License-Identifier: MIT */
/*
 * cli_merge.c - `rxsim merge`: join the files of `rxsim sweep --point`
 * (e.g. run from `--emit-jobs` commands) into the CSV a local sweep writes.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rxsim/run.h"
#include "rxsim/scenario.h"
#include "rxsim/sweep.h"

static const char usage[] =
	"Usage: rxsim merge FILE... [--out FILE]\n"
	"\n"
	"Join the point files of 'rxsim sweep --point' (see 'rxsim sweep --emit-jobs')\n"
	"into the CSV a local sweep writes: one header, then the rows sorted by point\n"
	"index.  Every point of the sweep must be present exactly once.\n"
	"\n"
	"Options:\n"
	"  -o, --out FILE   write the CSV to FILE, atomically (default: - for stdout)\n"
	"  -h, --help       show this help\n"
	"\n"
	"Exit status: 0 success; 2 unreadable, inconsistent (different headers or point\n"
	"counts) or missing points; 3 the output could not be written.\n";

int cmd_merge(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct rxsim_err err = { { 0 } };
	struct outfile of = { .f = NULL };
	const char *out = "-";
	FILE *f = stdout;
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("merge", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("merge", "missing FILE");
	if (strcmp(out, "-")) {
		rc = outfile_open(&of, out, &err);
		if (rc) {
			fprintf(stderr, "rxsim: %s\n", err.msg);
			return cli_exit_for(rc);
		}
		f = of.f;
	}
	rc = sweep_merge((const char *const *)argv + optind, argc - optind, f, &err);
	if (rc) {
		outfile_abort(&of);
		fprintf(stderr, "rxsim merge: %s\n", err.msg);
		return cli_exit_for(rc);
	}
	if (of.f) {
		rc = outfile_commit(&of, &err);
		if (rc) {
			fprintf(stderr, "rxsim: %s\n", err.msg);
			return EXIT_INTERNAL;
		}
	} else if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "rxsim: stdout: write error\n");
		return EXIT_INTERNAL;
	}
	return EXIT_OK;
}
