/* SPDX-License-Identifier: MIT */
/*
 * test_schema.c - the summary schema documented in the README is the one
 * the code writes: every key path of a run's summary (array elements shown
 * once as []), in the order written, must equal the README block between
 * "<!-- summary-schema:begin -->" and "<!-- summary-schema:end -->".
 * The scenario echo ("config") and the diagnosis entries are summarised to
 * one line each: their keys depend on the scenario.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rxsim/run.h"
#include "rxsim/scenario.h"

static void walk(const cJSON *n, const char *path, char **out, size_t *len, size_t *cap)
{
	const cJSON *c;
	char sub[512];

	if (!strcmp(path, "config") || !strcmp(path, "diagnosis[]") ||
	    !strcmp(path, "traffic[]") || (!cJSON_IsObject(n) && !cJSON_IsArray(n))) {
		size_t need = strlen(path) + 2;

		if (*len + need >= *cap) {
			*cap = (*cap + need) * 2;
			*out = realloc(*out, *cap);
		}
		memcpy(*out + *len, path, need - 2);
		(*out)[*len + need - 2] = '\n';
		*len += need - 1;
		(*out)[*len] = '\0';
		return;
	}
	if (cJSON_IsArray(n)) {
		snprintf(sub, sizeof(sub), "%s[]", path);
		if (n->child)
			walk(n->child, sub, out, len, cap);
		return;
	}
	cJSON_ArrayForEach(c, n) {
		if (path[0])
			snprintf(sub, sizeof(sub), "%s.%s", path, c->string);
		else
			snprintf(sub, sizeof(sub), "%s", c->string);
		walk(c, sub, out, len, cap);
	}
}

static char *readme_block(void)
{
	FILE *f = fopen(RXSIM_SOURCE_DIR "/README.md", "rb");
	static char buf[1 << 20];
	size_t n;
	char *a, *b, *nl;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	a = strstr(buf, "<!-- summary-schema:begin -->");
	b = strstr(buf, "<!-- summary-schema:end -->");
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	/* the lines of the fenced block in between */
	a = strstr(a, "```");
	ck_assert_ptr_nonnull(a);
	nl = strchr(a, '\n');
	ck_assert_ptr_nonnull(nl);
	a = nl + 1;
	b = strstr(a, "```");
	ck_assert_ptr_nonnull(b);
	*b = '\0';
	return a;
}

START_TEST(readme_schema_matches_summary)
{
	static const char json[] =
		"{\"duration\":\"2ms\",\"host\":{\"cpus\":2},"
		"\"nics\":[{\"queues\":1,\"irq_affinity\":[0]}],"
		"\"sockets\":[{\"name\":\"s\",\"port\":9000}],"
		"\"apps\":[{\"socket\":\"s\",\"cpu\":1}],"
		"\"traffic\":[{\"dst_port\":9000,\"rate\":\"100kpps\"}]}";
	struct rxsim_err err = { { 0 } };
	struct scenario sc;
	struct rxsim_run *r = malloc(sizeof(*r));
	char *got = calloc(1, 1);
	size_t len = 0, cap = 1;
	cJSON *s;

	ck_assert_int_eq(scenario_load_buffer("schema", json, strlen(json), NULL, 0, &sc, &err), 0);
	ck_assert_int_eq(rxsim_run(r, &sc, NULL, &err), 0);
	s = rxsim_summary(r, true);
	walk(s, "", &got, &len, &cap);
	if (strcmp(got, readme_block()))
		ck_abort_msg("README summary schema is out of date; it should read:\n%s", got);
	cJSON_Delete(s);
	free(got);
	rxsim_run_free(r);
	free(r);
	scenario_free(&sc);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("schema");
	TCase *tc = tcase_create("readme");
	SRunner *sr = srunner_create(s);
	int failed;

	tcase_add_test(tc, readme_schema_matches_summary);
	suite_add_tcase(s, tc);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
