/* SPDX-License-Identifier: MIT */
/*
 * cli_check.c - `rxsim check`: validate scenarios without running them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rxsim/scenario.h"
#include "rxsim/trace.h"

static const char usage[] =
	"Usage: rxsim check SCENARIO.json... [--set PATH=VALUE]...\n"
	"\n"
	"Validate each scenario (types, bounds, unknown keys, references) and print\n"
	"'FILE: ok'; the first problem of a bad file is printed on stderr.\n"
	"Exit status: 0 all valid; 2 at least one invalid.\n";

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "set", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char **sets = calloc((size_t)argc + 1, sizeof(*sets));
	int nsets = 0, c, i, status = EXIT_OK;

	if (!sets)
		return EXIT_INTERNAL;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			sets[nsets++] = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			free(sets);
			return EXIT_OK;
		default:
			free(sets);
			return cli_option_error("check", c, argv, opts);
		}
	}
	if (optind >= argc) {
		free(sets);
		return cli_usage_error("check", "missing SCENARIO");
	}
	for (i = optind; i < argc; i++) {
		struct rxsim_err err = { { 0 } };
		struct scenario sc;
		int rc = scenario_load(argv[i], sets, nsets, &sc, &err);

		/* captures and CSV traces are read to the end: a corrupt record
		 * is an input error now, not halfway through a run */
		if (!rc && (rc = trace_check_scenario(&sc, &err)))
			scenario_free(&sc);
		if (rc) {
			fprintf(stderr, "rxsim: %s\n", err.msg);
			if (cli_exit_for(rc) > status)
				status = cli_exit_for(rc);
			continue;
		}
		printf("%s: ok\n", argv[i]);
		scenario_free(&sc);
	}
	free(sets);
	return status;
}
