/*
 * show - the model, the rule catalogue and profiles, for people and tools
 */
#include <jansson.h>
#include <string.h>

#include "fixers/fix.h"
#include "linter/engine.h"
#include "reports/report.h"
#include "cli/show.h"

/* origin - file, line, column and source of a setting */
static void
set_origin(json_t *j, const struct setting *s, const char *source_word)
{
	if (s->source == SOURCE_FILE && s->name_span.src != NULL) {
		unsigned line, col;

		src_position(s->name_span.src, s->name_span.start, &line, &col);
		json_object_set_new(j, "file",
		    report_json_string(s->name_span.src->path));
		json_object_set_new(j, "line", json_integer(line));
		json_object_set_new(j, "column", json_integer(col));
		json_object_set_new(j, "source", json_string(source_word));
	} else {
		json_object_set_new(j, "file", json_null());
		json_object_set_new(j, "line", json_null());
		json_object_set_new(j, "column", json_null());
		json_object_set_new(j, "source", json_string("default"));
	}
}

/* file_kind - "mc" or "cf" for sendmail sources, from the file name */
static const char *
file_kind(const struct src *src)
{
	size_t n = src != NULL ? strlen(src->path) : 0;

	if (n >= 3 && strcmp(src->path + n - 3, ".mc") == 0)
		return "mc";
	if (n >= 3 && strcmp(src->path + n - 3, ".cf") == 0)
		return "cf";
	if (n >= 3 && strcmp(src->path + n - 3, ".m4") == 0)
		return "mc";
	return NULL;
}

static json_t *
setting_json(const struct setting *s)
{
	json_t *j = json_object();
	const char *kind = file_kind(s->name_span.src);

	json_object_set_new(j, "value",
	    report_json_string(s->value != NULL ? s->value : s->raw));
	json_object_set_new(j, "raw", report_json_string(s->raw));
	set_origin(j, s, "file");
	if (s->source == SOURCE_FILE && kind != NULL)
		json_object_set_new(j, "kind", json_string(kind));
	if (s->written_as != NULL)
		json_object_set_new(j, "written_as",
		    report_json_string(s->written_as));
	if (s->host_dependent)
		json_object_set_new(j, "host_dependent", json_true());
	return j;
}

static json_t *
span_json(struct span sp)
{
	json_t *j = json_object();

	if (sp.src != NULL && sp.start == SPAN_WHOLE_FILE) {
		json_object_set_new(j, "file", report_json_string(sp.src->path));
		json_object_set_new(j, "line", json_integer(0));
		json_object_set_new(j, "column", json_integer(0));
	} else if (sp.src != NULL) {
		unsigned line, col;

		src_position(sp.src, sp.start, &line, &col);
		json_object_set_new(j, "file", report_json_string(sp.src->path));
		json_object_set_new(j, "line", json_integer(line));
		json_object_set_new(j, "column", json_integer(col));
	} else {
		json_object_set_new(j, "file", json_null());
		json_object_set_new(j, "line", json_null());
		json_object_set_new(j, "column", json_null());
	}
	return j;
}

static json_t *
fact_json(const struct fact *f, bool is_num, bool is_text)
{
	json_t *j = span_json(f->where);

	json_object_set_new(j, "applicable", json_boolean(f->applicable));
	json_object_set_new(j, "known", json_boolean(f->known));
	if (is_num)
		json_object_set_new(j, "value", json_integer(f->num));
	else if (is_text)
		json_object_set_new(j, "value",
		    report_json_string(f->text ? f->text : ""));
	else
		json_object_set_new(j, "value", json_boolean(f->flag));
	if (f->from != NULL)
		json_object_set_new(j, "setting", json_string(f->from->name));
	json_object_set_new(j, "why", report_json_string(f->why ? f->why : ""));
	return j;
}

static json_t *
model_json(const struct model *m)
{
	json_t *j = json_object(), *settings = json_object(), *services =
	    json_array(), *listeners = json_array(), *maps = json_array(),
	    *named = json_array(),
	    *facts = json_object(), *files = json_array(),
	    *unread = json_array();
	size_t i, k;

	json_object_set_new(j, "mta", json_string(mta_name(m->mta)));
	json_object_set_new(j, "dir", report_json_string(m->dir));
	if (m->root != NULL)
		json_object_set_new(j, "root", report_json_string(m->root));
	for (i = 0; i < m->nsrcs; i++)
		json_array_append_new(files, report_json_string(m->srcs[i]->path));
	json_object_set_new(j, "files", files);
	for (i = 0; i < m->neffective; i++)
		json_object_set_new(settings, m->effective[i]->name,
		    setting_json(m->effective[i]));
	json_object_set_new(j, "settings", settings);

	for (i = 0; i < m->nservices; i++) {
		const struct service *s = m->services[i];
		json_t *sj = span_json(s->name_span), *ov = json_object(),
		    *args = json_array();

		json_object_set_new(sj, "service", report_json_string(s->name));
		json_object_set_new(sj, "type", report_json_string(s->type));
		json_object_set_new(sj, "private",
		    report_json_string(s->private_field));
		json_object_set_new(sj, "unprivileged",
		    report_json_string(s->unpriv_field));
		json_object_set_new(sj, "chroot",
		    report_json_string(s->chroot_field));
		json_object_set_new(sj, "wakeup",
		    report_json_string(s->wakeup_field));
		json_object_set_new(sj, "maxproc",
		    report_json_string(s->maxproc_field));
		json_object_set_new(sj, "command", report_json_string(s->command));
		for (k = 0; k < s->nargs; k++)
			json_array_append_new(args, report_json_string(s->args[k]));
		json_object_set_new(sj, "args", args);
		for (k = 0; k < s->noverrides; k++)
			json_object_set_new(ov, s->overrides[k]->name,
			    setting_json(s->overrides[k]));
		json_object_set_new(sj, "overrides", ov);
		json_array_append_new(services, sj);
	}
	json_object_set_new(j, "services", services);

	for (i = 0; i < m->nlisteners; i++) {
		const struct listener *l = m->listeners[i];
		json_t *lj = span_json(l->where);

		json_object_set_new(lj, "server", report_json_string(l->server));
		json_object_set_new(lj, "address", report_json_string(l->address));
		json_object_set_new(lj, "port", report_json_string(l->port));
		json_object_set_new(lj, "loopback", json_boolean(l->loopback));
		json_array_append_new(listeners, lj);
	}
	json_object_set_new(j, "listeners", listeners);

	for (i = 0; i < m->nmaps; i++) {
		const struct mapref *mr = m->maps[i];
		json_t *mj = span_json(mr->where);

		json_object_set_new(mj, "type", report_json_string(mr->type));
		json_object_set_new(mj, "name", report_json_string(mr->name));
		json_object_set_new(mj, "parameter", mr->from != NULL ?
		    json_string(mr->from->name) : json_null());
		json_object_set_new(mj, "path", mr->fs_path != NULL ?
		    report_json_string(mr->fs_path) : json_null());
		if (mr->not_followed != NULL)
			json_object_set_new(mj, "not_followed",
			    json_string(mr->not_followed));
		json_array_append_new(maps, mj);
	}
	json_object_set_new(j, "maps", maps);
	for (i = 0; i < m->nfiles; i++) {
		const struct named_file *nf = m->files[i];
		json_t *fj = span_json(nf->where);

		json_object_set_new(fj, "what", report_json_string(nf->what));
		json_object_set_new(fj, "name", report_json_string(nf->name));
		json_object_set_new(fj, "path", nf->fs_path != NULL ?
		    report_json_string(nf->fs_path) : json_null());
		if (nf->not_followed != NULL)
			json_object_set_new(fj, "not_followed",
			    json_string(nf->not_followed));
		json_array_append_new(named, fj);
	}
	json_object_set_new(j, "named_files", named);
	for (i = 0; i < m->nunread; i++) {
		const struct unread_file *u = m->unread[i];
		json_t *uj = span_json(u->where);

		json_object_set_new(uj, "path", report_json_string(u->path));
		json_object_set_new(uj, "why", report_json_string(u->why));
		json_array_append_new(unread, uj);
	}
	if (m->nunread > 0)
		json_object_set_new(j, "unread", unread);
	else
		json_decref(unread);

	{
		json_t *entries = json_array(), *notes = json_array(),
		    *steps = json_array();

		for (i = 0; i < m->nentries; i++) {
			const struct map_entry *e = m->entries[i];
			json_t *ej = span_json(e->key_span), *items;

			json_object_set_new(ej, "map", report_json_string(e->map));
			json_object_set_new(ej, "key", report_json_string(e->key));
			json_object_set_new(ej, "value",
			    report_json_string(e->value));
			if (e->nitems > 0) {
				items = json_array();
				for (k = 0; k < e->nitems; k++)
					json_array_append_new(items,
					    report_json_string(e->items[k]));
				json_object_set_new(ej, "items", items);
			}
			json_array_append_new(entries, ej);
		}
		json_object_set_new(j, "entries", entries);
		for (i = 0; i < m->nnotes; i++) {
			json_t *nj = span_json(m->notes[i]->where);

			json_object_set_new(nj, "code",
			    json_string(m->notes[i]->code));
			json_object_set_new(nj, "message",
			    report_json_string(m->notes[i]->text));
			json_array_append_new(notes, nj);
		}
		json_object_set_new(j, "notes", notes);
		for (i = 0; i < m->nsteps; i++)
			json_array_append_new(steps,
			    report_json_string(m->steps[i]));
		json_object_set_new(j, "steps", steps);
	}

	{
		json_t *servers = json_array();

		for (i = 0; i < m->nservers; i++) {
			const struct smtp_server *s = m->servers[i];
			json_t *sj = json_object();

			json_object_set_new(sj, "server", json_string(s->name));
			json_object_set_new(sj, "vrfy", fact_json(&s->vrfy, false, false));
			json_object_set_new(sj, "expn", fact_json(&s->expn, false, false));
			json_object_set_new(sj, "verb", fact_json(&s->verb, false, false));
			json_object_set_new(sj, "greeting",
			    fact_json(&s->greeting, false, true));
			json_object_set_new(sj, "size_limit",
			    fact_json(&s->size_limit, true, false));
			json_object_set_new(sj, "open_relay",
			    fact_json(&s->relay, false, false));
			json_object_set_new(sj, "relay_networks",
			    fact_json(&s->relay_networks, false, true));
			json_object_set_new(sj, "auth_offered",
			    fact_json(&s->auth_offered, false, false));
			json_object_set_new(sj, "auth_needs_tls",
			    fact_json(&s->auth_needs_tls, false, false));
			json_object_set_new(sj, "tls_offered",
			    fact_json(&s->tls_offered, false, false));
			json_array_append_new(servers, sj);
		}
		json_object_set_new(facts, "smtp_servers", servers);
		if (m->mta == MTA_SENDMAIL) {
			json_t *grants = json_array();

			for (i = 0; i < m->nrelay_grants; i++)
				json_array_append_new(grants, fact_json(
				    m->relay_grants[i], false, true));
			json_object_set_new(facts, "relay_grants", grants);
		}
	}
	json_object_set_new(j, "facts", facts);
	return j;
}

int
show_json(FILE *out, const struct load_result *res)
{
	json_t *root = json_object(), *mtas = json_array();
	size_t i;
	int rc;

	for (i = 0; i < res->nmodels; i++)
		json_array_append_new(mtas, model_json(res->models[i]));
	json_object_set_new(root, "mtas", mtas);
	rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
	return rc;
}

static void
text_origin(FILE *out, struct span sp)
{
	unsigned line, col;

	if (sp.src == NULL) {
		fputs("default", out);
		return;
	}
	src_position(sp.src, sp.start, &line, &col);
	fprintf(out, "%s:%u:%u", sp.src->path, line, col);
}

static void
text_fact(FILE *out, const char *label, const struct fact *f, const char *value)
{
	fprintf(out, "    %-16s %s", label, value);
	if (f->why != NULL)
		fprintf(out, "  (%s)", f->why);
	fputs("  [", out);
	text_origin(out, f->where);
	fputs("]\n", out);
}

int
show_text(FILE *out, const struct load_result *res)
{
	size_t i, k;

	for (i = 0; i < res->nmodels; i++) {
		const struct model *m = res->models[i];

		fprintf(out, "%s in %s\n", mta_name(m->mta), m->dir);
		for (k = 0; k < m->nunread; k++)
			fprintf(out, "  not read: %s: %s\n", m->unread[k]->path,
			    m->unread[k]->why);
		if (m->config_unread)
			continue;
		fputs("  settings (set in files; 'show --format json' lists "
		    "every default too):\n", out);
		for (k = 0; k < m->neffective; k++) {
			const struct setting *s = m->effective[k];

			if (s->source != SOURCE_FILE)
				continue;
			fprintf(out, "    %s = %s  [", s->name, s->value);
			text_origin(out, s->name_span);
			fputs("]\n", out);
		}
		for (k = 0; k < m->nservices; k++) {
			const struct service *s = m->services[k];
			size_t o;

			if (s->noverrides == 0)
				continue;
			fprintf(out, "  service %s/%s (%s):\n", s->name, s->type,
			    s->command);
			for (o = 0; o < s->noverrides; o++) {
				fprintf(out, "    -o %s = %s  [",
				    s->overrides[o]->name, s->overrides[o]->value);
				text_origin(out, s->overrides[o]->name_span);
				fputs("]\n", out);
			}
		}
		fputs("  listeners:\n", out);
		for (k = 0; k < m->nlisteners; k++)
			fprintf(out, "    %s on %s port %s%s\n",
			    m->listeners[k]->server, m->listeners[k]->address,
			    m->listeners[k]->port,
			    m->listeners[k]->loopback ? " (loopback)" : "");
		fputs("  maps:\n", out);
		for (k = 0; k < m->nmaps; k++)
			fprintf(out, "    %s:%s%s%s\n", m->maps[k]->type,
			    m->maps[k]->name, m->maps[k]->not_followed ?
			    " - not read: " : "", m->maps[k]->not_followed ?
			    m->maps[k]->not_followed : "");
		if (m->nfiles > 0)
			fputs("  named files:\n", out);
		for (k = 0; k < m->nfiles; k++)
			fprintf(out, "    %s %s%s%s\n", m->files[k]->what,
			    m->files[k]->name, m->files[k]->not_followed ?
			    " - not read: " : "", m->files[k]->not_followed ?
			    m->files[k]->not_followed : "");
		for (k = 0; k < m->nservers; k++) {
			const struct smtp_server *s = m->servers[k];
			char num[32];

			fprintf(out, "  smtp server %s:\n", s->name);
			text_fact(out, "vrfy answers", &s->vrfy,
			    s->vrfy.flag ? "yes" : "no");
			text_fact(out, "greeting", &s->greeting, s->greeting.text);
			snprintf(num, sizeof(num), "%lld", s->size_limit.num);
			text_fact(out, "size limit", &s->size_limit,
			    s->size_limit.known ? num : "invalid");
			text_fact(out, "open relay", &s->relay,
			    !s->relay.known ? "unknown" : s->relay.flag ?
			    "yes" : "no");
		}
	}
	return ferror(out) ? -1 : 0;
}

static json_t *
rule_json(const struct rule *r)
{
	json_t *j = json_object(), *tags = json_array(), *mtas = json_array();
	size_t i;

	for (i = 0; i < RULE_MAX_TAGS && r->tags[i]; i++)
		json_array_append_new(tags, json_string(r->tags[i]));
	if (r->mtas & RULE_MTA_SENDMAIL)
		json_array_append_new(mtas, json_string("sendmail"));
	if (r->mtas & RULE_MTA_POSTFIX)
		json_array_append_new(mtas, json_string("postfix"));
	json_object_set_new(j, "id", json_string(r->id));
	json_object_set_new(j, "name", json_string(r->name));
	json_object_set_new(j, "tags", tags);
	json_object_set_new(j, "severity", json_string(severity_name(r->severity)));
	json_object_set_new(j, "mtas", mtas);
	json_object_set_new(j, "fixable", json_boolean(rule_fixable(r)));
	json_object_set_new(j, "summary", json_string(r->summary));
	return j;
}

static const char *
mtas_text(const struct rule *r)
{
	if ((r->mtas & RULE_MTA_POSTFIX) && (r->mtas & RULE_MTA_SENDMAIL))
		return "sendmail,postfix";
	return r->mtas & RULE_MTA_POSTFIX ? "postfix" : "sendmail";
}

int
show_rules(FILE *out, bool json)
{
	size_t i;

	if (json) {
		json_t *root = json_object(), *arr = json_array();
		int rc;

		for (i = 0; i < rule_total(); i++)
			json_array_append_new(arr, rule_json(rule_at(i)));
		json_object_set_new(root, "rules", arr);
		rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', out);
		json_decref(root);
		return rc;
	}
	for (i = 0; i < rule_total(); i++) {
		const struct rule *r = rule_at(i);

		fprintf(out, "%-6s %-24s %-8s %-17s %-8s %s\n", r->id, r->name,
		    severity_name(r->severity), mtas_text(r),
		    rule_fixable(r) ? "fixable" : "-", r->summary);
	}
	return ferror(out) ? -1 : 0;
}

/* profile_expectation - "enabled, high, max_bytes=…" for one built-in profile */
static char *
profile_expectation(const struct rule *r, const char *profile_name)
{
	struct profile_error err;
	struct profile *p = profile_load(profile_name, rule_canon, &err);
	struct engine_opts eo = { p, NULL, 0, NULL, 0 };
	const struct profile_rule *pr;
	char buf[512];
	size_t i, k;

	if (p == NULL)
		return NULL;
	snprintf(buf, sizeof(buf), "%s", engine_rule_enabled(r, &eo) ?
	    severity_name(engine_rule_severity(r, p)) : "off");
	pr = profile_rule_find(p, r->id);
	for (i = 0; pr != NULL && i < pr->nparams; i++) {
		const struct profile_param *pp = &pr->params[i];

		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), ", %s=",
		    pp->name);
		if (pp->scalar != NULL) {
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			    "%s", pp->scalar);
			continue;
		}
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "[");
		for (k = 0; k < pp->nitems; k++)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			    "%s%s", k ? ", " : "", pp->items[k]);
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "]");
	}
	profile_free(p);
	return strdup(buf);
}

int
show_explain(FILE *out, const struct rule *r, bool json)
{
	struct profile_summary *list = NULL;
	struct profile_error err;
	size_t n = 0, i;

	if (profile_list_builtin(&list, &n, &err) < 0)
		n = 0;
	if (json) {
		json_t *j = rule_json(r), *profiles = json_object();
		int rc;

		json_object_set_new(j, "explanation", json_string(r->explanation));
		for (i = 0; i < n; i++) {
			char *e = profile_expectation(r, list[i].name);

			if (e != NULL)
				json_object_set_new(profiles, list[i].name,
				    json_string(e));
			free(e);
		}
		json_object_set_new(j, "profiles", profiles);
		rc = json_dumpf(j, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', out);
		json_decref(j);
		profile_list_free(list, n);
		return rc;
	}
	fprintf(out, "%s %s: %s\n\n", r->id, r->name, r->summary);
	fprintf(out, "severity: %s   mtas: %s   fixable: %s   tags:",
	    severity_name(r->severity), mtas_text(r), !rule_fixable(r) ? "no" :
	    fixer_unsafe(r) ? "yes (unsafe)" : "yes (safe)");
	for (i = 0; i < RULE_MAX_TAGS && r->tags[i]; i++)
		fprintf(out, " %s", r->tags[i]);
	fprintf(out, "\n\n%s\n", r->explanation);
	if (r->params[0].name != NULL) {
		fputs("\nparameters:\n", out);
		for (i = 0; i < RULE_MAX_PARAMS && r->params[i].name; i++)
			fprintf(out, "  %s: %s\n", r->params[i].name,
			    r->params[i].doc);
	}
	if (n > 0) {
		fputs("\nprofiles:\n", out);
		for (i = 0; i < n; i++) {
			char *e = profile_expectation(r, list[i].name);

			if (e != NULL)
				fprintf(out, "  %-12s %s\n", list[i].name, e);
			free(e);
		}
	}
	profile_list_free(list, n);
	return ferror(out) ? -1 : 0;
}

int
show_profile(FILE *out, const struct profile *p)
{
	struct engine_opts eo = { p, NULL, 0, NULL, 0 };
	size_t i, k, j;

	fprintf(out, "# resolved:");
	for (i = 0; i < p->nchain; i++)
		fprintf(out, "%s %s", i ? " <-" : "", p->chain[i]);
	fprintf(out, "\nname: %s\n", p->name);
	if (p->description != NULL)
		fprintf(out, "description: \"%s\"\n", p->description);
	fputs("rules:\n", out);
	for (i = 0; i < rule_total(); i++) {
		const struct rule *r = rule_at(i);
		const struct profile_rule *pr = profile_rule_find(p, r->id);

		fprintf(out, "  %s:  # %s\n", r->name, r->id);
		fprintf(out, "    enabled: %s\n",
		    engine_rule_enabled(r, &eo) ? "true" : "false");
		fprintf(out, "    severity: %s\n",
		    severity_name(engine_rule_severity(r, p)));
		for (k = 0; k < RULE_MAX_PARAMS && r->params[k].name; k++) {
			const struct profile_param *pp = pr != NULL ?
			    profile_param_find(pr, r->params[k].name) : NULL;

			fprintf(out, "    %s: ", r->params[k].name);
			if (pp == NULL) {
				fprintf(out, r->params[k].list ? "[%s]\n" :
				    "%s\n", r->params[k].default_value);
			} else if (pp->scalar != NULL) {
				fprintf(out, "%s\n", pp->scalar);
			} else {
				fputc('[', out);
				for (j = 0; j < pp->nitems; j++)
					fprintf(out, "%s%s", j ? ", " : "",
					    pp->items[j]);
				fputs("]\n", out);
			}
		}
	}
	return ferror(out) ? -1 : 0;
}
