/*
 * sm_mc_int - what the two halves of the sendmail-cf layer share:
 * sm_mc.c (reading the .mc: cf.m4's state, the cf.m4 macros it records,
 * the library it follows) and sm_mc_proto.c (what proto.m4 then writes,
 * as settings). Not for other modules: they use sm_mc.h.
 */
#ifndef MH_SM_MC_INT_H
#define MH_SM_MC_INT_H

#include "parsers/m4.h"

/* event - one definition of a setting, resolved to a value at the end */
struct event {
	const char *setting;	/* "PrivacyOptions", "$S", "FEATURE(x)" … */
	const char *macro;	/* macro whose definition it is, or NULL */
	const char *text;	/* m4 text expanded at the end, or NULL */
	const char *literal;	/* value as is (FEATURE arguments) */
	const char *written_as;
	const struct m4_anchor *at;
	bool	 from_lib;
	bool	 dead;		/* undefined (or popped) later */
	unsigned seq;
};

/* watch - a macro whose definitions set a .cf option, macro or class */
struct watch {
	const char *setting;	/* the setting it defines */
	struct event **evs;	/* its definitions, in order */
	size_t	 nevs;
};

/* mc - the sendmail-cf layer's state beside the interpreter's */
struct mc {
	struct arena ar;	/* events, watches, setting names */
	const char *lib_dir;	/* NULL: the embedded library */
	char	*lib_real, *mc_real;
	char	*cf_dir;	/* value of _CF_DIR_ */
	bool	 cf_self;	/* the .mc includes cf.m4 itself */
	bool	 cf_active;	/* cf.m4's state is installed */
	bool	 at_end;	/* resolving values: record nothing */
	struct event **events;
	size_t	 nevents;
	unsigned seq;
};

/* mc_of - the layer's state of an interpreter */
static inline struct mc *
mc_of(struct m4 *r)
{
	return r->user;
}

/* watch_of - what a macro sets, or NULL */
static inline struct watch *
watch_of(const struct m4_macro *mac)
{
	return mac->data;
}

/* sm_mc_finish - what proto.m4 writes, as settings in the model */
void	 sm_mc_finish(struct m4 *);

#endif
