/*
 * profiles_json - profiles as JSON
 */
#include <jansson.h>
#include <string.h>

#include "linter/engine.h"
#include "cli/profiles_json.h"
#include "reports/report.h"
#include "linter/rule.h"

static int
dump(FILE *out, json_t *root)
{
	int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	fputc('\n', out);
	json_decref(root);
	return rc < 0 || ferror(out) ? -1 : 0;
}

int
profiles_list_json(FILE *out, const struct profile_summary *list, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:o, s:o, s:o}",
		    "name", report_json_string(list[i].name),
		    "description", report_json_string(list[i].description),
		    "extends", report_json_string(list[i].extends)));
	return dump(out, json_pack("{s:o}", "profiles", arr));
}

/* default_param - a rule's default: a list is stored joined by ", " */
static json_t *
default_param(const struct rule_param *rp)
{
	json_t *arr;
	const char *p = rp->default_value;

	if (!rp->list)
		return report_json_string(p);
	arr = json_array();
	while (p != NULL && *p != '\0') {
		const char *end = strstr(p, ", ");
		size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
		json_t *item = json_stringn(p, n);

		json_array_append_new(arr, item != NULL ? item :
		    json_string("?"));
		p = end != NULL ? end + 2 : NULL;
	}
	return arr;
}

int
profile_json(FILE *out, const struct profile *p)
{
	struct engine_opts eo = { p, NULL, 0, NULL, 0 };
	json_t *root = json_object(), *chain = json_array(), *rules = json_object();
	size_t i, k, j;

	json_object_set_new(root, "name", report_json_string(p->name));
	for (i = 0; i < p->nchain; i++)
		json_array_append_new(chain, report_json_string(p->chain[i]));
	json_object_set_new(root, "chain", chain);
	json_object_set_new(root, "description",
	    report_json_string(p->description));
	for (i = 0; i < rule_total(); i++) {
		const struct rule *r = rule_at(i);
		const struct profile_rule *pr = profile_rule_find(p, r->id);
		json_t *params = json_object();

		for (k = 0; k < RULE_MAX_PARAMS && r->params[k].name; k++) {
			const struct profile_param *pp = pr != NULL ?
			    profile_param_find(pr, r->params[k].name) : NULL;
			json_t *v;

			if (pp == NULL) {
				v = default_param(&r->params[k]);
			} else if (pp->scalar != NULL) {
				v = report_json_string(pp->scalar);
			} else {
				v = json_array();
				for (j = 0; j < pp->nitems; j++)
					json_array_append_new(v,
					    report_json_string(pp->items[j]));
			}
			json_object_set_new(params, r->params[k].name, v);
		}
		json_object_set_new(rules, r->name, json_pack("{s:s, s:b, s:s, s:o}",
		    "id", r->id, "enabled", engine_rule_enabled(r, &eo),
		    "severity", severity_name(engine_rule_severity(r, p)),
		    "params", params));
	}
	json_object_set_new(root, "rules", rules);
	return dump(out, root);
}
