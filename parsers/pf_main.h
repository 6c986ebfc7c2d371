/*
 * pf_main - Postfix main.cf and master.cf readers
 *
 * pf_main_parse() adds one struct setting per logical line of main.cf
 * (duplicates linked through ->earlier), pf_master_parse() one struct
 * service per master.cf entry with its -o overrides. Neither expands
 * values: pf_facts_build() does that once both files are read.
 *
 * Both return 0, or -1 with *err set when Postfix itself would stop
 * (a line without '=', a master.cf entry with too few fields).
 */
#ifndef MH_PF_MAIN_H
#define MH_PF_MAIN_H

#include "parsers/model.h"

int	 pf_main_parse(struct model *, const struct src *, struct parse_error *);
int	 pf_master_parse(struct model *, const struct src *,
	    struct parse_error *);

#endif
