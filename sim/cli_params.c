/* SPDX-License-Identifier: MIT */
/*
 * cli_params.c - `rxsim params`: every scenario key with its default, unit,
 * range and help, from the same tables that validate scenarios.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "rxsim/param.h"

static const char usage[] =
	"Usage: rxsim params [PREFIX]\n"
	"\n"
	"List every scenario key (as PATH = DEFAULT  [unit, range]  help); array\n"
	"sections are shown as NAME[]. With PREFIX, only keys whose path starts with it.\n";

static void print_section(const struct section *sec, const char *path, const char *prefix)
{
	const struct param *p;
	const struct section *s;
	char full[256], exp[256];

	if (sec->help && path[0] && !strncmp(path, prefix, strlen(prefix)))
		printf("\n%s: %s\n", path, sec->help);
	for (p = sec->params; p && p->key; p++) {
		snprintf(full, sizeof(full), "%s%s%s", path, path[0] ? "." : "", p->key);
		if (strncmp(full, prefix, strlen(prefix)))
			continue;
		printf("  %-40s = %-10s %s\n", full,
		       p->def ? p->def : (p->flags & PF_REQUIRED) ? "(required)" :
		       (p->flags & PF_PROFILE) ? "(driver)" : "(see help)",
		       p->help);
		printf("  %-40s   %s\n", "", param_expected(p, exp, sizeof(exp)));
	}
	for (s = sec->subs; s && s->key; s++) {
		snprintf(full, sizeof(full), "%s%s%s%s", path, path[0] ? "." : "", s->key,
			 s->kind == SEC_ARRAY ? "[]" : "");
		print_section(s, full, prefix);
	}
}

int cmd_params(int argc, char **argv)
{
	const char *prefix = "";
	int i;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	for (i = 1; i < argc; i++)
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("params", "unknown option '%.*s'",
					       (int)strcspn(argv[i], "="), argv[i]);
	if (argc > 2)
		return cli_usage_error("params", "expected at most 1 PREFIX, got %d", argc - 1);
	if (argc == 2)
		prefix = argv[1];
	printf("Scenario keys (rxsim %s). Quantities take units: \"2.5us\", \"1.2Mpps\", "
	       "\"10Gbps\", \"256KiB\".\n", RXSIM_VERSION);
	print_section(&scenario_root, "", prefix);
	printf("\nexpect: { \"SUMMARY.PATH\": { \"min\": V, \"max\": V } } bounds on summary "
	       "values; a failed bound exits 1\n");
	return EXIT_OK;
}
