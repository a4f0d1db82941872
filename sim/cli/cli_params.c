/* SPDX-License-Identifier: MIT */
/*
 * cli_params.c - `rxsim params`: every scenario key with its default, unit,
 * range and help, from the same tables that validate scenarios.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "rxsim/scenario.h"
#include "rxsim/param.h"

static const char usage[] =
	"Usage: rxsim params [PATTERN] [--json]\n"
	"       rxsim params --schema\n"
	"\n"
	"List every scenario key (as PATH = DEFAULT  [unit, range]  help); array\n"
	"sections are shown as NAME[]. With PATTERN, only keys whose path contains it\n"
	"(netdev_budget finds host.sysctl.net.core.netdev_budget); an index is read as\n"
	"[] (nics.0.rx_ring is nics[].rx_ring). A PATTERN that no key contains exits 2.\n"
	"\n"
	"Options:\n"
	"      --json   print {\"rxsim_version\", \"keys\": [{\"path\", \"default\",\n"
	"               \"default_from\", \"expected\", \"help\"}]} instead of text;\n"
	"               default is null when default_from is \"required\" or \"driver\"\n"
	"      --schema print a JSON Schema (draft 2020-12) of scenario files, for\n"
	"               editors and validators: keys, types, units, ranges, help\n"
	"  -h, --help   show this help\n";

/* Returns the number of keys whose path starts with @prefix; prints them if @print. */
static int print_section(const struct section *sec, const char *path, const char *prefix,
			 int print)
{
	const struct param *p;
	const struct section *s;
	char full[256], exp[256];
	int n = 0;

	if (print && sec->help && path[0] && strstr(path, prefix))
		printf("\n%s: %s\n", path, sec->help);
	for (p = sec->params; p && p->key; p++) {
		snprintf(full, sizeof(full), "%s%s%s", path, path[0] ? "." : "", p->key);
		if (!strstr(full, prefix))
			continue;
		n++;
		if (!print)
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
		n += print_section(s, full, prefix, print);
	}
	return n;
}

/* The rows print_section() would list, as JSON objects appended to @keys. */
static bool json_section(const struct section *sec, const char *path, const char *prefix,
			 cJSON *keys)
{
	const struct param *p;
	const struct section *s;
	char full[256], exp[256];

	for (p = sec->params; p && p->key; p++) {
		cJSON *o;
		const char *from = p->def ? "default" : (p->flags & PF_REQUIRED) ? "required" :
				   (p->flags & PF_PROFILE) ? "driver" : "help";

		snprintf(full, sizeof(full), "%s%s%s", path, path[0] ? "." : "", p->key);
		if (!strstr(full, prefix))
			continue;
		o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(keys, o) ||
		    !cJSON_AddStringToObject(o, "path", full) ||
		    !(p->def ? cJSON_AddStringToObject(o, "default", p->def)
			     : cJSON_AddNullToObject(o, "default")) ||
		    !cJSON_AddStringToObject(o, "default_from", from) ||
		    !cJSON_AddStringToObject(o, "expected", param_expected(p, exp, sizeof(exp))) ||
		    !cJSON_AddStringToObject(o, "help", p->help))
			return false;
	}
	for (s = sec->subs; s && s->key; s++) {
		snprintf(full, sizeof(full), "%s%s%s%s", path, path[0] ? "." : "", s->key,
			 s->kind == SEC_ARRAY ? "[]" : "");
		if (!json_section(s, full, prefix, keys))
			return false;
	}
	return true;
}

static int print_json(const char *prefix)
{
	cJSON *root = cJSON_CreateObject(), *keys;
	char *text = NULL;
	int status = EXIT_INTERNAL;

	if (root && cJSON_AddStringToObject(root, "rxsim_version", RXSIM_VERSION) &&
	    (keys = cJSON_AddArrayToObject(root, "keys")) &&
	    json_section(&scenario_root, "", prefix, keys) && (text = cJSON_Print(root))) {
		puts(text);
		status = EXIT_OK;
	} else {
		fprintf(stderr, "rxsim params: out of memory\n");
	}
	cJSON_free(text);
	cJSON_Delete(root);
	return status;
}

static int print_schema(void)
{
	cJSON *root = param_json_schema(RXSIM_VERSION);
	char *text = root ? cJSON_Print(root) : NULL;
	int status = EXIT_OK;

	if (!text) {
		fprintf(stderr, "rxsim params: out of memory\n");
		status = EXIT_INTERNAL;
	} else if (puts(text) < 0 || fflush(stdout)) {
		fprintf(stderr, "rxsim params: stdout: write error\n");
		status = EXIT_INTERNAL;
	}
	cJSON_free(text);
	cJSON_Delete(root);
	return status;
}

/* The --set form "nics.0.rx_ring" names the listing's "nics[].rx_ring". */
static void index_to_brackets(const char *in, char *out, size_t len)
{
	size_t o = 0;

	while (*in && o + 3 < len) {
		if (*in == '.' && in[1] >= '0' && in[1] <= '9') {
			const char *e = in + 1;

			while (*e >= '0' && *e <= '9')
				e++;
			if (*e == '.' || !*e) {
				out[o++] = '[';
				out[o++] = ']';
				in = e;
				continue;
			}
		}
		out[o++] = *in++;
	}
	out[o] = 0;
}

int cmd_params(int argc, char **argv)
{
	char prefix[256] = "";
	const char *arg = NULL;
	bool json = false, schema = false;
	int i;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = true;
			continue;
		}
		if (!strcmp(argv[i], "--schema")) {
			schema = true;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("params", "unknown option '%.*s'",
					       (int)strcspn(argv[i], "="), argv[i]);
		if (arg)
			return cli_usage_error("params", "expected at most 1 PATTERN, got '%s' "
					       "and '%s'", arg, argv[i]);
		arg = argv[i];
	}
	if (schema) {
		if (arg || json)
			return cli_usage_error("params", "--schema takes no PATTERN and no --json");
		return print_schema();
	}
	if (arg) {
		if (strlen(arg) >= sizeof(prefix) - 8)
			return cli_usage_error("params", "PATTERN longer than %zu characters",
					       sizeof(prefix) - 8);
		index_to_brackets(arg, prefix, sizeof(prefix));
		if (!print_section(&scenario_root, "", prefix, 0)) {
			fprintf(stderr, "rxsim params: no scenario key contains '%s'\n", arg);
			return EXIT_INPUT;
		}
	}
	if (json)
		return print_json(prefix);
	printf("Scenario keys (rxsim %s). Quantities take units: \"2.5us\", \"1.2Mpps\", "
	       "\"10Gbps\", \"256KiB\".\n", RXSIM_VERSION);
	print_section(&scenario_root, "", prefix, 1);
	printf("\nexpect: { \"SUMMARY.PATH\": { \"min\": V, \"max\": V } } bounds on summary "
	       "values; a failed bound exits 1\n");
	return EXIT_OK;
}
